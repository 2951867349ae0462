package dev.confidant.consent.service;

import dev.confidant.consent.config.ConsentConfig;
import dev.confidant.consent.domain.PolicyTimeline;
import dev.confidant.consent.domain.PolicyVersion;
import dev.confidant.platform.events.PolicyVersionPublished;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.tx.AfterCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Privacy policy versions: published by a DPO (material ones at least the notice period ahead), read by anyone, and
 * kept in memory as a {@link PolicyTimeline} for decisions.
 */
@ApplicationScoped
public class PrivacyPolicies {

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_TEXT = 200_000;

    /** A DPO's new version. Exactly one of {@code text} or {@code url} (with its {@code sha256}). */
    public record Publication(String version, String text, String url, String sha256, String summary, Boolean material,
                              Instant effectiveAt, LocalDate lastUpdated) {
    }

    @Inject
    Clock clock;

    @Inject
    Outbox outbox;

    @Inject
    AfterCommit afterCommit;

    @Inject
    ConsentConfig config;

    private volatile PolicyTimeline timeline = new PolicyTimeline(List.of());
    private volatile boolean stale = true;

    @Scheduled(every = "${confidant.consent.catalogue-refresh:30s}",
            delayed = "${confidant.consent.catalogue-refresh:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        stale = true;
    }

    /** Every version in effect order, from memory. */
    public PolicyTimeline timeline() {
        if (stale) {
            stale = false;
            try {
                List<PolicyTimeline.Entry> entries = QuarkusTransaction.requiringNew().call(() ->
                        PolicyVersion.<PolicyVersion>listAll().stream()
                                .map(v -> new PolicyTimeline.Entry(v.version, v.effectiveAt, v.material)).toList());
                timeline = new PolicyTimeline(entries);
            } catch (RuntimeException e) {
                stale = true;
                throw e;
            }
        }
        return timeline;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PolicyVersion> find(String version) {
        return PolicyVersion.findByIdOptional(version);
    }

    /** The version in force now. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PolicyVersion> current() {
        return timeline().current(clock.instant()).flatMap(entry -> find(entry.version()));
    }

    /** Versions published to take effect later, soonest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PolicyVersion> upcoming() {
        return PolicyVersion.list("effectiveAt > ?1 order by effectiveAt", clock.instant());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PolicyVersion> all() {
        return PolicyVersion.list("order by effectiveAt desc");
    }

    /** Publishes a version and announces it, so account-service can mail account holders before it takes effect. */
    @Transactional
    public PolicyVersion publish(Publication publication, UUID dpo) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        validate(publication, now);
        if (PolicyVersion.findById(publication.version()) != null) {
            throw ProblemException.conflict("policy version " + publication.version() + " is already published");
        }
        // one publication at a time, so "takes effect after every earlier version" holds
        PolicyVersion.getEntityManager().createNativeQuery("LOCK TABLE policy_version IN SHARE ROW EXCLUSIVE MODE")
                .executeUpdate();
        Optional<PolicyVersion> last = PolicyVersion.find("order by effectiveAt desc").firstResultOptional();
        if (last.isPresent() && !publication.effectiveAt().isAfter(last.get().effectiveAt)) {
            throw ProblemException.conflict("version " + last.get().version + " takes effect at "
                    + last.get().effectiveAt + "; a new version must take effect after it");
        }
        PolicyVersion version = new PolicyVersion();
        version.version = publication.version();
        version.text = publication.text();
        version.url = publication.url();
        version.sha256 = publication.text() != null ? sha256(publication.text()) : publication.sha256();
        version.summary = publication.summary().strip();
        version.material = publication.material();
        version.publishedAt = now;
        version.effectiveAt = publication.effectiveAt().truncatedTo(ChronoUnit.MICROS);
        version.lastUpdated = publication.lastUpdated() != null ? publication.lastUpdated()
                : LocalDate.ofInstant(version.effectiveAt, ZoneOffset.UTC);
        version.publishedBy = dpo;
        version.persist();
        outbox.publish(null, new PolicyVersionPublished(version.version, version.publishedAt, version.effectiveAt,
                version.material, version.summary));
        afterCommit.runOnce(PrivacyPolicies.class, () -> stale = true);
        return version;
    }

    private void validate(Publication p, Instant now) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (p.version() == null || !VERSION.matcher(p.version()).matches()) {
            errors.add(new Problem.FieldError("version", "must be 1-32 letters, digits, dots, dashes or underscores"));
        }
        boolean hasText = p.text() != null && !p.text().isBlank();
        boolean hasUrl = p.url() != null && !p.url().isBlank();
        if (hasText == hasUrl) {
            errors.add(new Problem.FieldError("text", "give either the text or a url with its sha256, not both"));
        } else if (hasText) {
            if (p.text().length() > MAX_TEXT) {
                errors.add(new Problem.FieldError("text", "must be at most " + MAX_TEXT + " characters"));
            } else if (p.sha256() != null && !p.sha256().equals(sha256(p.text()))) {
                errors.add(new Problem.FieldError("sha256", "does not match the text"));
            }
        } else {
            if (!isHttpsUrl(p.url())) {
                errors.add(new Problem.FieldError("url", "must be an https URL"));
            }
            if (p.sha256() == null || !SHA256.matcher(p.sha256()).matches()) {
                errors.add(new Problem.FieldError("sha256", "must be the SHA-256 of the document, 64 lower-case hex digits"));
            }
        }
        if (p.summary() == null || p.summary().isBlank()) {
            errors.add(new Problem.FieldError("summary", "is required: say what changed"));
        } else if (p.summary().length() > 2000) {
            errors.add(new Problem.FieldError("summary", "must be at most 2000 characters"));
        }
        if (p.material() == null) {
            errors.add(new Problem.FieldError("material", "is required"));
        }
        if (p.effectiveAt() == null) {
            errors.add(new Problem.FieldError("effectiveAt", "is required"));
        } else if (p.effectiveAt().isBefore(now.minusSeconds(60))) {
            errors.add(new Problem.FieldError("effectiveAt", "must not be in the past"));
        } else if (Boolean.TRUE.equals(p.material()) && p.effectiveAt().isBefore(now.plus(config.noticePeriod()))) {
            errors.add(new Problem.FieldError("effectiveAt", "a material change must be published at least "
                    + config.noticePeriod().toDays() + " days before it takes effect: not before "
                    + now.plus(config.noticePeriod()).truncatedTo(ChronoUnit.SECONDS)));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
    }

    private static boolean isHttpsUrl(String url) {
        try {
            URI uri = URI.create(url);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && url.length() <= 2000;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
