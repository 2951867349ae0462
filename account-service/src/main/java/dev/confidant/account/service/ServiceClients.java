package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.security.Secrets;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Services that get access tokens of their own (OAuth 2.0 client credentials, RFC 6749 §4.4): configured by client
 * id with the hash of their secret, and only ever service roles.
 */
@ApplicationScoped
public class ServiceClients {

    @Inject
    AccountConfig config;

    @Inject
    TokenIssuer tokens;

    void check(@Observes StartupEvent event) {
        config.serviceClients().forEach((id, client) -> {
            Set<String> notServiceRoles = new HashSet<>(client.roles());
            notServiceRoles.removeAll(Roles.SERVICES);
            if (!notServiceRoles.isEmpty() || client.roles().isEmpty()) {
                throw new IllegalStateException("service client " + id + " may hold only service roles "
                        + Roles.SERVICES + ", not " + client.roles());
            }
            if (client.secretSha256().isPresent() && !client.secretSha256().get().matches("[0-9a-fA-F]{64}")) {
                throw new IllegalStateException("service client " + id + ": secret-sha256 must be 64 hex digits");
            }
        });
    }

    /**
     * A token for the client named in an HTTP Basic {@code Authorization} header, when its secret matches, scoped to
     * the owner service {@code audience} and the data subject {@code dataSubject}; empty for anything else (no header,
     * another scheme, unknown client, wrong secret) alike.
     */
    public Optional<String> tokenFor(String authorization, String audience, UUID dataSubject) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        String id = decoded.substring(0, colon);
        AccountConfig.ServiceClient client = config.serviceClients().get(id);
        byte[] presented = Secrets.hash(decoded.substring(colon + 1)).getBytes(StandardCharsets.US_ASCII);
        Optional<String> secretHash = client == null ? Optional.empty() : client.secretSha256();
        byte[] expected = secretHash.orElse("-".repeat(64)).toLowerCase().getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, expected) || secretHash.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(tokens.serviceToken(id, Set.copyOf(client.roles()), config.serviceTokenTtl(), audience,
                dataSubject));
    }
}
