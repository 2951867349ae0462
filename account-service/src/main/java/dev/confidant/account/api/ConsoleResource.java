package dev.confidant.account.api;

import dev.confidant.account.config.ConsoleConfig;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The staff console (docs/console.md): one page and its script, served by account-service because staff sign in
 * here, so the sign-in call never leaves the page's origin. The page may load nothing but its own script and styles
 * and talk to nothing but the four services.
 */
@Path("/console")
@Tag(name = "Staff console", description = "The web console for agents, DPOs, auditors and admins")
@PermitAll
public class ConsoleResource {

    /** Where a browser finds the other services; a null URL is the console's own origin. */
    public record ConsoleSettings(String consentUrl, String chatUrl, String retentionUrl) {
    }

    private static final String PAGE = read();

    @Inject
    ConsoleConfig config;

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The staff console", description = "Public page; everything behind it needs a staff "
            + "sign-in, and each service checks the roles of every call.")
    public Response page() {
        return Response.ok(PAGE, MediaType.TEXT_HTML + ";charset=utf-8")
                .header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
                        + "img-src 'self'; connect-src " + String.join(" ", sources())
                        + "; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
                .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store").build();
    }

    @GET
    @Path("/config")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Where the console finds the other services", description = "Public. A null URL means "
            + "the console's own origin.")
    public ConsoleSettings settings() {
        return new ConsoleSettings(config.consentUrl().orElse(null), config.chatUrl().orElse(null),
                config.retentionUrl().orElse(null));
    }

    /**
     * The origins the page may call: its own and each configured service's, and chat-service's WebSocket origin (the
     * agents' live desk).
     */
    private Set<String> sources() {
        Set<String> sources = new LinkedHashSet<>();
        sources.add("'self'");
        for (Optional<String> url : java.util.List.of(config.consentUrl(), config.chatUrl(), config.retentionUrl())) {
            url.map(ConsoleResource::origin).ifPresent(sources::add);
        }
        config.chatUrl().map(ConsoleResource::origin).map(origin -> origin.replaceFirst("^http", "ws"))
                .ifPresent(sources::add);
        return sources;
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    private static String read() {
        try (InputStream in = ConsoleResource.class.getResourceAsStream("/console/index.html")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the console page is missing", e);
        }
    }
}
