package dev.confidant.chat.api;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.FileType;
import dev.confidant.platform.runtime.problem.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the web widget needs besides its static files (under {@code /widget/}): where the other services are, as
 * browsers reach them; and the demo host page, when it is turned on.
 */
@Path("/")
@Tag(name = "Widget", description = "The web widget's configuration and demo page")
@PermitAll
public class WidgetResource {

    /** What a browser calls the allowed upload types (the server still decides by content). */
    static final List<String> UPLOAD_TYPES = Arrays.stream(FileType.values())
            .map(type -> type.mediaType().split(";")[0]).toList();

    @Inject
    ChatConfig config;

    @GET
    @Path("/widget/config")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Where the widget finds the other services", description = "Public. A null URL means the "
            + "widget's own base URL.")
    public Response widgetConfig() {
        ChatConfig.Widget widget = config.widget();
        Views.WidgetConfig answer = new Views.WidgetConfig(widget.accountUrl().orElse(null),
                widget.consentUrl().orElse(null), widget.retentionUrl().orElse(null),
                config.maxUploadSize().asLongValue(), UPLOAD_TYPES);
        return Response.ok(answer).header("Cache-Control", "max-age=300").build();
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "The demo host page", description = "Public, when confidant.chat.widget.demo-page is on (the "
            + "devstack): a small company site that embeds the widget, under a strict Content-Security-Policy.")
    public Response demoPage(@Context UriInfo uri) {
        return demoFile("index.html", MediaType.TEXT_HTML + ";charset=utf-8", uri);
    }

    @GET
    @Path("/demo/site.css")
    @Produces("text/css")
    @Operation(summary = "The demo host page's style sheet", description = "Public, with the demo page.")
    public Response demoStyles(@Context UriInfo uri) {
        return demoFile("site.css", "text/css;charset=utf-8", uri);
    }

    private Response demoFile(String name, String type, UriInfo uri) {
        if (!config.widget().demoPage()) {
            throw ProblemException.notFound("no demo page here");
        }
        try (InputStream in = WidgetResource.class.getResourceAsStream("/demo/" + name)) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Response.ok(body, type).header("Content-Security-Policy", contentSecurityPolicy(uri))
                    .header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer").build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The strictest policy the widget works under (docs/widget.md): scripts and styles from this origin only, nothing
     * inline, no eval; calls to the four services and their WebSockets.
     */
    private String contentSecurityPolicy(UriInfo uri) {
        String self = uri.getBaseUri().toString().replaceAll("/$", "");
        Set<String> apis = new LinkedHashSet<>();
        apis.add(self);
        config.widget().accountUrl().ifPresent(apis::add);
        config.widget().consentUrl().ifPresent(apis::add);
        config.widget().retentionUrl().ifPresent(apis::add);
        String sockets = self.replaceFirst("^http", "ws");
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src "
                + String.join(" ", apis) + " " + sockets + "; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
    }
}
