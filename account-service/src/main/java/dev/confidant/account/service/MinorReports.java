package dev.confidant.account.service;

import dev.confidant.account.domain.Account;
import dev.confidant.account.domain.AccountStatus;
import dev.confidant.account.domain.EmailAddress;
import dev.confidant.account.domain.MinorReport;
import dev.confidant.account.domain.RefreshToken;
import dev.confidant.platform.events.MinorReportConfirmed;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.runtime.audit.StaffAccessLog;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** "Report a minor": anyone reports, a DPO confirms (which starts erasure) or dismisses. */
@ApplicationScoped
@Transactional
public class MinorReports {

    @Inject
    Outbox outbox;

    @Inject
    Revocations revocations;

    @Inject
    StaffAccessLog accessLog;

    @Inject
    Clock clock;

    /** Files a report when it names an existing account; otherwise keeps nothing. The caller learns neither. */
    public void report(String email, UUID subjectId, String details) {
        Optional<Account> account = subjectId != null ? Account.findBySubject(subjectId)
                : EmailAddress.normalise(email).flatMap(Account::findByEmail);
        account.filter(a -> !a.isDeletionRequested()).ifPresent(reported -> {
            MinorReport report = new MinorReport();
            report.id = Randomness.uuid();
            report.subjectId = reported.subjectId;
            report.details = details == null || details.isBlank() ? null : details.strip();
            report.status = MinorReport.Status.OPEN;
            report.reportedAt = clock.instant();
            report.persist();
        });
    }

    /** The reports with {@code status}; each one read is a staff access to the reported subject's data. */
    public List<MinorReport> list(MinorReport.Status status) {
        List<MinorReport> reports = MinorReport.list("status = ?1 order by reportedAt", status);
        for (MinorReport report : reports) {
            accessLog.record(report.subjectId, "minor-report", "decide a report that the account belongs to a child");
        }
        return reports;
    }

    /** The child's account is closed at once and erasure starts through the event flow. */
    public MinorReport confirm(UUID reportId, UUID dpo) {
        MinorReport report = open(reportId);
        Instant now = clock.instant();
        decide(report, MinorReport.Status.CONFIRMED, dpo, now);
        Account.findBySubject(report.subjectId).ifPresent(account -> {
            account.status = AccountStatus.DELETION_REQUESTED;
            account.deletionRequestedAt = now;
            account.updatedAt = now;
        });
        RefreshToken.revokeAllOf(report.subjectId, now);
        revocations.all(report.subjectId, now, RevocationReason.MINOR_REPORT);
        outbox.publish(report.subjectId, new MinorReportConfirmed(report.id, now));
        return report;
    }

    public MinorReport dismiss(UUID reportId, UUID dpo) {
        MinorReport report = open(reportId);
        decide(report, MinorReport.Status.DISMISSED, dpo, clock.instant());
        return report;
    }

    private static MinorReport open(UUID reportId) {
        MinorReport report = MinorReport.findById(reportId);
        if (report == null) {
            throw ProblemException.notFound("No such report");
        }
        if (report.status != MinorReport.Status.OPEN) {
            throw ProblemException.conflict("This report was already " + report.status.name().toLowerCase());
        }
        return report;
    }

    private static void decide(MinorReport report, MinorReport.Status status, UUID dpo, Instant at) {
        report.status = status;
        report.decidedBy = dpo;
        report.decidedAt = at;
        report.details = null;
    }
}
