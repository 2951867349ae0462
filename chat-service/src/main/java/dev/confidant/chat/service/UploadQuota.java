package dev.confidant.chat.service;

import dev.confidant.chat.config.ChatConfig;
import dev.confidant.chat.domain.Upload;
import dev.confidant.platform.runtime.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * How much one subject may upload in a day: files and bytes of the uploads they still hold that arrived within the
 * last 24 hours ({@code confidant.chat.upload-quota.*}). Visitor tokens are free, so this bounds what one subject
 * stores; the per-address message and request limits bound how many subjects one client drives.
 */
@ApplicationScoped
public class UploadQuota {

    private static final Duration DAY = Duration.ofDays(1);

    @Inject
    ChatConfig config;

    @Inject
    Clock clock;

    /** @throws ProblemException 429 with {@code Retry-After} when {@code size} more bytes would exceed the quota */
    @Transactional(Transactional.TxType.MANDATORY)
    public void check(java.util.UUID subject, long size) {
        Instant since = clock.instant().minus(DAY);
        Object[] used = (Object[]) Upload.getEntityManager().createQuery(
                        "select count(u), coalesce(sum(u.size), 0), min(u.createdAt) from Upload u "
                                + "where u.subjectId = ?1 and u.createdAt > ?2")
                .setParameter(1, subject).setParameter(2, since).getSingleResult();
        long files = ((Number) used[0]).longValue();
        long bytes = ((Number) used[1]).longValue();
        ChatConfig.UploadQuota quota = config.uploadQuota();
        if (files + 1 > quota.filesPerDay() || bytes + size > quota.bytesPerDay().asLongValue()) {
            Instant oldest = used[2] == null ? clock.instant() : (Instant) used[2];
            Duration retry = Duration.between(clock.instant(), oldest.plus(DAY));
            throw ProblemException.tooManyRequests("You have uploaded " + files + " files (" + bytes / 1024
                    + " KB) in the last 24 hours; the limit is " + quota.filesPerDay() + " files and "
                    + quota.bytesPerDay().asLongValue() / 1024 + " KB a day.", retry.isNegative() ? Duration.ofSeconds(1)
                    : retry);
        }
    }
}
