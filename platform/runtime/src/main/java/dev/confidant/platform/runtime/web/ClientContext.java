package dev.confidant.platform.runtime.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Who is on the other end of the current HTTP request: the client address (honouring {@code X-Forwarded-For} when
 * {@code quarkus.http.proxy.proxy-address-forwarding} is on) and the user agent.
 */
@RequestScoped
public class ClientContext {

    private static final int MAX_USER_AGENT = 512;

    @Inject
    HttpServerRequest request;

    /** The client's IP address. */
    public String address() {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }

    /** The user agent, truncated, or {@code null}. */
    public String userAgent() {
        String agent = request.getHeader("User-Agent");
        return agent == null || agent.length() <= MAX_USER_AGENT ? agent : agent.substring(0, MAX_USER_AGENT);
    }
}
