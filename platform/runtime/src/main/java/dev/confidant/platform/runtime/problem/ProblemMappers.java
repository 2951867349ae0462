package dev.confidant.platform.runtime.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.confidant.platform.events.Randomness;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Maps every failure a service can meet into one {@code application/problem+json} answer. Details name the field
 * or the rule, never the rejected value (it may be personal data), never SQL, never a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    // Quarkus' own mappers have priority USER; ours must win for the same exception types.
    private static final int PRIORITY = jakarta.ws.rs.Priorities.USER - 100;

    private static final Map<Integer, String[]> STATUS_PROBLEMS = Map.ofEntries(
            Map.entry(400, new String[]{"bad-request", "Bad request"}),
            Map.entry(401, new String[]{"unauthorized", "Unauthorized"}),
            Map.entry(403, new String[]{"forbidden", "Forbidden"}),
            Map.entry(404, new String[]{"not-found", "Not found"}),
            Map.entry(405, new String[]{"method-not-allowed", "Method not allowed"}),
            Map.entry(406, new String[]{"not-acceptable", "Not acceptable"}),
            Map.entry(409, new String[]{"conflict", "Conflict"}),
            Map.entry(413, new String[]{"payload-too-large", "Payload too large"}),
            Map.entry(415, new String[]{"unsupported-media-type", "Unsupported media type"}),
            Map.entry(422, new String[]{"validation", "Validation failed"}),
            Map.entry(429, new String[]{"too-many-requests", "Too many requests"}),
            Map.entry(503, new String[]{"unavailable", "Service unavailable"}));

    @ServerExceptionMapper(priority = PRIORITY)
    public Response problem(ProblemException e, UriInfo uri) {
        Response.ResponseBuilder response = respond(e.toProblem(path(uri)));
        if (e.retryAfterSeconds() != null) {
            response.header(HttpHeaders.RETRY_AFTER, e.retryAfterSeconds());
        }
        if (e.wwwAuthenticate() != null) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, e.wwwAuthenticate());
        }
        return response.build();
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response validation(ConstraintViolationException e, UriInfo uri) {
        if (isReturnValueViolation(e)) {
            return unexpected(e, uri);
        }
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .collect(Collectors.toList());
        return problem(ProblemException.invalidFields(errors), uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response malformedJson(JsonParseException e, UriInfo uri) {
        String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return status(400, "Request body is not valid JSON" + where, uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response unreadableJson(MismatchedInputException e, UriInfo uri) {
        return jsonMapping(e, uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response unreadableJson(JsonMappingException e, UriInfo uri) {
        return jsonMapping(e, uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response unreadableJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof JsonMappingException mapping) {
            return jsonMapping(mapping, uri);
        }
        return status(400, "Request body is not valid JSON", uri);
    }

    private Response jsonMapping(JsonMappingException e, UriInfo uri) {
        String field = jsonPath(e);
        String detail;
        if (e instanceof UnrecognizedPropertyException unknown) {
            String name = field.isEmpty() ? unknown.getPropertyName() : field;
            detail = "Unknown field '" + name + "'";
        } else if (e instanceof InvalidFormatException || e instanceof ValueInstantiationException) {
            detail = field.isEmpty() ? "Request body has an invalid value" : "Field '" + field + "' has an invalid value";
        } else if (e instanceof MismatchedInputException && !field.isEmpty()) {
            detail = "Field '" + field + "' has the wrong type";
        } else {
            detail = "Request body does not have the expected shape";
        }
        return status(400, detail, uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response unauthorized(UnauthorizedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response unauthorized(AuthenticationFailedException e, UriInfo uri) {
        return unauthorized(uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return status(403, "Your role does not allow this", uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response http(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        // the REST layer wraps unreadable JSON bodies in a plain 400
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            if (cause instanceof JsonParseException parse) {
                return malformedJson(parse, uri);
            }
            if (cause instanceof JsonProcessingException json) {
                return unreadableJson(json, uri);
            }
        }
        if (status >= 500) {
            return unexpected(e, uri);
        }
        String detail = switch (status) {
            case 401 -> null;
            case 404 -> "Nothing here: " + path(uri);
            case 405 -> "This method is not allowed here";
            case 406 -> "No representation matches the Accept header";
            case 413 -> "Request body is too large";
            case 415 -> "Content type not supported here";
            default -> "The request cannot be processed";
        };
        if (status == 401) {
            return unauthorized(uri);
        }
        Response.ResponseBuilder response = respond(problemFor(status, detail, uri));
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        if (allow != null) {
            response.header(HttpHeaders.ALLOW, allow);
        }
        return response.build();
    }

    /**
     * A checked {@link java.io.IOException} reaching the REST layer comes from reading the request: the client broke
     * the connection, or the body outgrew the limit mid-stream (the 413 is already on its way). The client's doing,
     * not a failure of ours. (Services wrap their own I/O failures in unchecked exceptions.)
     */
    @ServerExceptionMapper(priority = PRIORITY)
    public Response unreadableBody(java.io.IOException e, UriInfo uri, io.vertx.ext.web.RoutingContext context) {
        LOG.debugf("Request body on %s could not be read: %s", path(uri), e.getClass().getSimpleName());
        if (context != null && (context.response().ended() || context.response().headWritten())) {
            return null; // answered already (the 413 of a body over the limit): nothing more to say
        }
        return status(400, "The request body could not be read", uri);
    }

    @ServerExceptionMapper(priority = PRIORITY)
    public Response unexpected(Throwable e, UriInfo uri) {
        String errorId = Randomness.uuid().toString();
        // The message of an arbitrary exception may quote SQL or personal data: log the kind of failure only.
        LOG.errorf("Unexpected failure %s on %s: %s", errorId, path(uri), causeChain(e));
        LOG.debugf(e, "Unexpected failure %s", errorId);
        return respond(new Problem(Problem.TYPE_BASE + "internal", "Internal error", 500,
                "Something went wrong on our side; quote error id " + errorId + " when you contact support",
                path(uri), null)).build();
    }

    private static Response unauthorized(UriInfo uri) {
        return respond(problemFor(401, "A valid access token is required", uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    private static Response status(int status, String detail, UriInfo uri) {
        return respond(problemFor(status, detail, uri)).build();
    }

    private static Problem problemFor(int status, String detail, UriInfo uri) {
        String[] known = STATUS_PROBLEMS.getOrDefault(status, new String[]{"http-" + status, "Request failed"});
        return new Problem(Problem.TYPE_BASE + known[0], known[1], status, detail, path(uri), null);
    }

    private static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : "/" + uri.getPath().replaceFirst("^/", "");
    }

    private static boolean isReturnValueViolation(ConstraintViolationException e) {
        return e.getConstraintViolations().stream().anyMatch(v -> {
            for (Path.Node node : v.getPropertyPath()) {
                if (node.getKind() == ElementKind.RETURN_VALUE) {
                    return true;
                }
            }
            return false;
        });
    }

    /** {@code create.request.email} becomes {@code email}; a violated query parameter keeps its own name. */
    static String fieldName(ConstraintViolation<?> violation) {
        List<String> names = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.CONSTRUCTOR) {
                continue;
            }
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
                continue;
            }
            String index = node.getIndex() != null ? "[" + node.getIndex() + "]"
                    : node.getKey() != null ? "[" + node.getKey() + "]" : "";
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT || node.getName() == null) {
                // "tags.<list element>[0]" reads better as "tags[0]"
                if (!names.isEmpty()) {
                    names.set(names.size() - 1, names.get(names.size() - 1) + index);
                }
                continue;
            }
            names.add(node.getName() + index);
        }
        if (names.isEmpty()) {
            return parameter == null ? "request" : parameter;
        }
        return String.join(".", names);
    }

    private static String jsonPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder(e.getClass().getName());
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && cause != e && depth < 5; depth++, cause = cause.getCause()) {
            chain.append(" <- ").append(cause.getClass().getName());
        }
        return chain.toString();
    }
}
