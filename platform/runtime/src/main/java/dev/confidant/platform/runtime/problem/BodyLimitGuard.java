package dev.confidant.platform.runtime.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Answers requests over {@code quarkus.http.limits.max-body-size} with a problem+json 413 before any body is read.
 * The HTTP layer would otherwise refuse them with an empty 413 that never reaches the REST exception mappers.
 */
@ApplicationScoped
public class BodyLimitGuard {

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
    MemorySize maxBodySize;

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::checkDeclaredLength);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answerTooLarge);
    }

    private void checkDeclaredLength(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBodySize.asLongValue()) {
                    respond(context);
                    return;
                }
            } catch (NumberFormatException e) {
                // a malformed length is the HTTP layer's to refuse
            }
        }
        context.next();
    }

    private void answerTooLarge(RoutingContext context) {
        if (context.statusCode() == 413 && !context.response().headWritten()) {
            respond(context);
        } else {
            context.next();
        }
    }

    private void respond(RoutingContext context) {
        Problem problem = new Problem(Problem.TYPE_BASE + "payload-too-large", "Payload too large", 413,
                "Request body is larger than " + maxBodySize.asLongValue() + " bytes", context.normalizedPath(), null);
        String body;
        try {
            body = mapper.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":413}";
        }
        // the unread body is discarded with the connection
        context.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(body);
    }
}
