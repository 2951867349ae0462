package dev.confidant.retention.service;

import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.retention.domain.LegalHold;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Legal holds placed and released by a DPO; releasing one resumes the erasure requests it held. */
@ApplicationScoped
public class LegalHolds {

    @Inject
    ErasureRequests requests;

    @Inject
    Clock clock;

    @Transactional
    public LegalHold place(UUID subject, String caseReference, String reason, Instant until, UUID dpo) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (subject == null) {
            errors.add(new Problem.FieldError("subjectId", "is required"));
        }
        if (caseReference == null || caseReference.isBlank() || caseReference.length() > 200) {
            errors.add(new Problem.FieldError("caseReference", "is required, at most 200 characters"));
        }
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            errors.add(new Problem.FieldError("reason", "is required, at most 1000 characters"));
        }
        if (until != null && !until.isAfter(clock.instant())) {
            errors.add(new Problem.FieldError("until", "must be in the future"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
        LegalHold hold = new LegalHold();
        hold.id = Randomness.uuid();
        hold.subjectId = subject;
        hold.caseReference = caseReference.strip();
        hold.reason = reason.strip();
        hold.placedBy = dpo;
        hold.placedAt = clock.instant();
        hold.until = until;
        hold.persist();
        return hold;
    }

    @Transactional
    public LegalHold release(UUID holdId, UUID dpo) {
        LegalHold hold = LegalHold.<LegalHold>findByIdOptional(holdId)
                .orElseThrow(() -> ProblemException.notFound("no such hold"));
        if (hold.releasedAt == null) {
            hold.releasedAt = clock.instant();
            hold.releasedBy = dpo;
            if (active(hold.subjectId).isEmpty()) {
                requests.resumeHeld(hold.subjectId);
            }
        }
        return hold;
    }

    /** The subject's active holds. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<LegalHold> active(UUID subject) {
        Instant now = clock.instant();
        return LegalHold.<LegalHold>list("subjectId = ?1 and releasedAt is null", subject).stream()
                .filter(h -> h.activeAt(now)).toList();
    }

    /** Every hold still in force, newest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<LegalHold> allActive() {
        Instant now = clock.instant();
        return LegalHold.<LegalHold>list("releasedAt is null", Sort.descending("placedAt")).stream()
                .filter(h -> h.activeAt(now)).toList();
    }

    public Optional<String> reasonFor(UUID subject) {
        return active(subject).stream().findFirst().map(h -> h.caseReference + ": " + h.reason);
    }
}
