package dev.confidant.platform.runtime.web;

import dev.confidant.platform.runtime.security.Secrets;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every HTML page a service answers is locked down unless it brings a policy of its own: a Content-Security-Policy
 * that allows nothing but the page's own inline scripts and styles (by their SHA-256, so an injected script never
 * runs), requests to its own origin, and forms to its own origin; no framing ({@code frame-ancestors 'none'} and
 * {@code X-Frame-Options: DENY}). Only HTML responses pay for it (the pages a mailed link opens), never the API.
 */
@Provider
public class HtmlPagePolicy implements ContainerResponseFilter {

    private static final Pattern SCRIPT = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL);
    private static final Pattern STYLE = Pattern.compile("<style>(.*?)</style>", Pattern.DOTALL);

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        MediaType type = response.getMediaType();
        if (type == null || !type.isCompatible(MediaType.TEXT_HTML_TYPE)) {
            return;
        }
        MultivaluedMap<String, Object> headers = response.getHeaders();
        headers.putIfAbsent("X-Frame-Options", List.of("DENY"));
        if (!headers.containsKey("Content-Security-Policy") && response.getEntity() instanceof String html) {
            headers.putSingle("Content-Security-Policy", policyFor(html));
        }
    }

    /** The policy for a page: its own inline scripts and styles, by hash, and nothing else from anywhere. */
    static String policyFor(String html) {
        return "default-src 'none'; script-src " + sources(SCRIPT, html) + "; style-src " + sources(STYLE, html)
                + "; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    }

    private static String sources(Pattern element, String html) {
        Set<String> hashes = new LinkedHashSet<>();
        Matcher matcher = element.matcher(html);
        while (matcher.find()) {
            hashes.add("'sha256-" + Base64.getEncoder().encodeToString(Secrets.sha256(matcher.group(1))) + "'");
        }
        return hashes.isEmpty() ? "'none'" : String.join(" ", hashes);
    }
}
