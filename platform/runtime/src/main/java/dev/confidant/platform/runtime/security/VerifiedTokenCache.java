package dev.confidant.platform.runtime.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the tokens whose signature and claims were verified, so that a client sending the same access token again
 * is not verified again: RS256 verification took a third of consent-service's CPU when answering decisions
 * (docs/benchmarks.md). A verified token (its claims, as every request's principal holds them) is remembered under
 * the SHA-256 of its text for at most {@code confidant.security.verified-token-cache.seconds} (60) and never past its
 * expiry, so a signing key withdrawn from the JWKS stops its tokens within a minute. Only verified tokens are
 * remembered: a forged or expired one is verified (and refused) every time. Revocation is not affected:
 * {@link RevokedTokenCheck} checks every request, remembered or not. At most {@code .size} (5,000, a few KB each)
 * tokens are kept; when full, the expired go, and if that is not enough, all. The counter {@code confidant.security.tokens} counts tokens {@code verified} and {@code remembered}.
 */
@Decorator
@Priority(10)
public abstract class VerifiedTokenCache implements JWTParser {

    private record Verified(JsonWebToken token, long until) {
    }

    @Inject
    @Delegate
    @Any
    JWTParser delegate;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "confidant.security.verified-token-cache.seconds", defaultValue = "60")
    long seconds;

    @ConfigProperty(name = "confidant.security.verified-token-cache.size", defaultValue = "5000")
    int size;

    private record Counters(Counter verified, Counter remembered) {
    }

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private volatile Counters counters;

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (seconds <= 0 || token == null) {
            return delegate.parse(token);
        }
        String key = digest(token);
        long now = System.currentTimeMillis(); // the verifier's clock: expiry is judged against it, not the suite's
        Verified known = verified.get(key);
        if (known != null && now < known.until()) {
            count(true);
            return known.token();
        }
        JsonWebToken parsed = delegate.parse(token);
        count(false);
        long until = Math.min(now + seconds * 1000, parsed.getExpirationTime() * 1000);
        if (until > now) {
            if (verified.size() >= size) {
                verified.values().removeIf(v -> v.until() <= now);
                if (verified.size() >= size) {
                    verified.clear();
                }
            }
            verified.put(key, new Verified(parsed, until));
        }
        return parsed;
    }

    private void count(boolean cached) {
        Counters known = counters;
        if (known == null) { // registering twice is harmless: the registry returns the counter it has
            known = new Counters(counter("verified"), counter("remembered"));
            counters = known;
        }
        (cached ? known.remembered() : known.verified()).increment();
    }

    private Counter counter(String verification) {
        return Counter.builder("confidant.security.tokens").tag("verification", verification)
                .description("Bearer tokens whose signature and claims were verified, or found already verified")
                .register(registry);
    }

    private static String digest(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
