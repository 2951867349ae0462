package dev.confidant.chat.api;

import dev.confidant.platform.runtime.security.TokenRevocations;
import dev.confidant.platform.runtime.web.TrustedProxies;
import io.quarkus.websockets.next.HandshakeRequest;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the live connections (owners' and agents') share: their access tokens, verified when a connection
 * authenticates (signature, expiry, revocation, one of the roles the socket serves) and checked again while it is open
 * ({@link #ended}), and the client address a connection counts against.
 */
@ApplicationScoped
public class SocketTokens {

    static final int POLICY_VIOLATION = 1008;

    @Inject
    JWTParser jwt;

    @Inject
    TokenRevocations revocations;

    @Inject
    TrustedProxies proxies;

    /** The client's address as for HTTP requests: the peer, or what trusted proxies say in X-Forwarded-For. */
    String clientAddress(HandshakeRequest handshake) {
        String remote = handshake.remoteAddress();
        if (remote == null) {
            return "unknown";
        }
        int port = remote.lastIndexOf(':');
        String peer = port > 0 ? remote.substring(0, port) : remote;
        return proxies.clientOf(peer, handshake.headers("X-Forwarded-For"));
    }

    /** The verified token, when it is valid, not revoked, names a subject and carries one of {@code roles}. */
    Optional<JsonWebToken> verify(String token, Set<String> roles) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonWebToken verified = jwt.parse(token);
            Set<String> groups = verified.getGroups();
            if (groups == null || groups.stream().noneMatch(roles::contains)) {
                return Optional.empty();
            }
            UUID.fromString(verified.getSubject());
            // verified here rather than by the HTTP layer, so the revocation check is made here too
            if (ended(verified) != null) {
                return Optional.empty();
            }
            return Optional.of(verified);
        } catch (ParseException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** Why a verified token no longer holds, or {@code null} while it does. */
    String ended(JsonWebToken token) {
        if (token.getExpirationTime() <= Instant.now().getEpochSecond()) {
            return "the token expired";
        }
        return revocations.check(token).isPresent() ? "the token was revoked" : null;
    }

    /** Closes the connection as a policy violation (1008), saying why. */
    static void refuse(WebSocketConnection connection, String reason) {
        connection.close(new CloseReason(POLICY_VIOLATION, reason)).subscribe().with(closed -> { }, failure -> { });
    }
}
