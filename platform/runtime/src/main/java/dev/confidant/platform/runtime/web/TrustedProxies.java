package dev.confidant.platform.runtime.web;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * The proxies whose {@code X-Forwarded-For} entries are believed: {@code confidant.http.trusted-proxies}, addresses
 * or CIDRs (e.g. the ingress controller's pod network). None by default: then no header changes a client's address.
 */
@ApplicationScoped
public class TrustedProxies {

    private final ForwardedClients.Networks networks;

    TrustedProxies(@ConfigProperty(name = "confidant.http.trusted-proxies") Optional<List<String>> proxies) {
        this.networks = ForwardedClients.Networks.of(proxies.orElse(List.of()));
    }

    public ForwardedClients.Networks networks() {
        return networks;
    }

    /**
     * The client behind a connection from {@code peer} that carried these {@code X-Forwarded-For} values: HTTP
     * requests ({@link ClientContext}) and WebSocket handshakes alike.
     */
    public String clientOf(String peer, List<String> forwardedFor) {
        return ForwardedClients.client(peer, forwardedFor == null ? List.of() : forwardedFor, networks);
    }
}
