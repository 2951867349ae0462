package dev.confidant.platform.runtime.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

/**
 * Who is on the other end of the current HTTP request: the client address and the user agent. Behind proxies, the
 * address is the right-most one in {@code X-Forwarded-For} that is not one of the proxies named in
 * {@code confidant.http.trusted-proxies} ({@link ForwardedClients}); with none named (the production default), the
 * connection's peer, whatever headers it sends.
 */
@RequestScoped
public class ClientContext {

    private static final int MAX_USER_AGENT = 512;
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    @Inject
    HttpServerRequest request;

    @Inject
    TrustedProxies proxies;

    /** The client's IP address. */
    public String address() {
        if (request.remoteAddress() == null) {
            return "unknown";
        }
        return proxies.clientOf(request.remoteAddress().hostAddress(), request.headers().getAll(FORWARDED_FOR));
    }

    /** The user agent, truncated, or {@code null}. */
    public String userAgent() {
        String agent = request.getHeader("User-Agent");
        return agent == null || agent.length() <= MAX_USER_AGENT ? agent : agent.substring(0, MAX_USER_AGENT);
    }
}
