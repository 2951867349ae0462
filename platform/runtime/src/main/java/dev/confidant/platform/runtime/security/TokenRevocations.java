package dev.confidant.platform.runtime.security;

import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.events.TokensRevoked;
import dev.confidant.platform.runtime.inbox.Inbox;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which access tokens are revoked, in every instance of every service: account-service's revocations
 * ({@link TokensRevoked} on {@code confidant.revocations}, read in full by each instance, in its own consumer group)
 * and the subjects this service has erased ({@link RevokedSubjects}). An in-memory lookup per request; a revocation
 * is refused here as soon as its record arrives, well within a second (docs/security.md: revocation).
 */
@ApplicationScoped
public class TokenRevocations {

    /** A subject's tokens issued up to {@code before} (to the second) are refused, and why. */
    private record Revoked(Instant before, RevocationReason reason) {
    }

    /** Longer than any token lives (visitor tokens: 30 days). */
    static final Duration KEPT = Duration.ofDays(31);
    /** Longer than an access token lives; a login's tokens are all expired after it. */
    static final Duration LOGINS_KEPT = Duration.ofDays(1);

    @Inject
    Inbox inbox;

    @Inject
    RevokedSubjects erased;

    @Inject
    Clock clock;

    @ConfigProperty(name = "quarkus.application.name")
    String application;

    private final ConcurrentHashMap<UUID, Revoked> subjects = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<UUID, Instant> logins = new ConcurrentHashMap<>();

    @Inject
    @Readiness
    RevocationsCaughtUp caughtUp;

    @Incoming("token-revocations")
    public void on(ConsumerRecord<String, byte[]> record) {
        inbox.accept(application + ".revocations", record).ifPresent(envelope -> {
            if (envelope.payload() instanceof TokensRevoked revoked) {
                apply(envelope.subjectId(), revoked);
            }
        });
        caughtUp.read(record.partition(), record.offset());
    }

    /** Refuses from now on what {@code revoked} names (idempotent; a later revocation of a subject wins). */
    public void apply(UUID subject, TokensRevoked revoked) {
        if (revoked.loginId() != null) {
            logins.merge(revoked.loginId(), revoked.revokedBefore(), (a, b) -> a.isAfter(b) ? a : b);
        } else {
            subjects.merge(subject, new Revoked(revoked.revokedBefore(), revoked.reason()),
                    (a, b) -> a.before().isAfter(b.before()) ? a : b);
        }
    }

    /** Why {@code token} is refused, if it is: revoked by account-service, or its subject erased here. */
    public Optional<RevocationReason> check(JsonWebToken token) {
        UUID subject;
        try {
            subject = token.getSubject() == null ? null : UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (subject == null) {
            return Optional.empty();
        }
        long issuedAt = token.getIssuedAtTime();
        Object login = token.getClaim("sid");
        if (login != null && logins.containsKey(uuid(login.toString()))) {
            return Optional.of(RevocationReason.LOGOUT);
        }
        Revoked revoked = subjects.get(subject);
        if (revoked != null && issuedAt <= revoked.before().getEpochSecond()) {
            return Optional.of(revoked.reason());
        }
        if (erased.refuses(subject, issuedAt)) {
            return Optional.of(RevocationReason.ERASED);
        }
        return Optional.empty();
    }

    @Scheduled(every = "10m", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void forget() {
        Instant now = clock.instant();
        subjects.values().removeIf(revoked -> revoked.before().isBefore(now.minus(KEPT)));
        logins.values().removeIf(revokedAt -> revokedAt.isBefore(now.minus(LOGINS_KEPT)));
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return new UUID(0, 0);
        }
    }
}
