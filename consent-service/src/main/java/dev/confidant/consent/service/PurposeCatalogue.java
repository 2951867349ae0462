package dev.confidant.consent.service;

import dev.confidant.consent.domain.LawfulBasis;
import dev.confidant.consent.domain.Purpose;
import dev.confidant.consent.domain.PurposeRevision;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.tx.AfterCommit;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The purpose catalogue: read from memory (decisions must not wait for the database), edited by a DPO with every
 * change kept as a revision.
 */
@ApplicationScoped
public class PurposeCatalogue {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{0,30}(\\.[a-z0-9-]{1,30}){0,3}");

    /** A DPO's edit of one purpose. */
    public record Edit(String title, String description, LawfulBasis lawfulBasis, List<String> categories,
                       boolean gpcRefusable, String reason) {
    }

    /** The result of an edit: the purpose as it now stands, and whether it is new. */
    public record Edited(Purpose purpose, boolean created, boolean changed) {
    }

    @Inject
    Clock clock;

    @Inject
    AfterCommit afterCommit;

    private volatile Map<String, Purpose> purposes = Map.of();
    /** Set after a local edit commits; the next read reloads. */
    private volatile boolean stale = true;

    @Scheduled(every = "${confidant.consent.catalogue-refresh:30s}",
            delayed = "${confidant.consent.catalogue-refresh:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        stale = true;
    }

    private Map<String, Purpose> purposes() {
        if (stale) {
            stale = false;
            List<Purpose> all;
            try {
                all = QuarkusTransaction.requiringNew().call(() -> Purpose.<Purpose>listAll());
            } catch (RuntimeException e) {
                stale = true;
                throw e;
            }
            Map<String, Purpose> byCode = new LinkedHashMap<>();
            all.forEach(p -> byCode.put(p.code, p));
            purposes = Map.copyOf(byCode);
        }
        return purposes;
    }

    /** Every purpose, by code order. */
    public List<Purpose> all() {
        return purposes().values().stream().sorted(Comparator.comparing(p -> p.code)).toList();
    }

    public Optional<Purpose> find(String code) {
        return code == null ? Optional.empty() : Optional.ofNullable(purposes().get(code));
    }

    /** Purposes that need consent, by code order. */
    public List<Purpose> consentBased() {
        return all().stream().filter(Purpose::needsConsent).toList();
    }

    /** Creates or changes a purpose; unchanged content makes no revision. */
    @Transactional
    public Edited edit(String code, Edit edit, UUID dpo) {
        validate(code, edit);
        Purpose purpose = Purpose.findById(code, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        boolean created = purpose == null;
        if (!created && purpose.title.equals(edit.title()) && purpose.description.equals(edit.description())
                && purpose.lawfulBasis == edit.lawfulBasis() && purpose.categories.equals(edit.categories())
                && purpose.gpcRefusable == edit.gpcRefusable()) {
            return new Edited(purpose, false, false);
        }
        if (created) {
            purpose = new Purpose();
            purpose.code = code;
            purpose.revision = 0;
        }
        purpose.title = edit.title();
        purpose.description = edit.description();
        purpose.lawfulBasis = edit.lawfulBasis();
        purpose.categories = List.copyOf(edit.categories());
        purpose.gpcRefusable = edit.gpcRefusable();
        purpose.revision += 1;
        purpose.changedAt = clock.instant();
        purpose.changedBy = dpo;
        purpose.persist();
        PurposeRevision.of(purpose, edit.reason()).persist();
        afterCommit.runOnce(PurposeCatalogue.class, () -> stale = true);
        return new Edited(purpose, created, true);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PurposeRevision> revisions(String code) {
        return PurposeRevision.list("code = ?1 order by revision", code);
    }

    private static void validate(String code, Edit edit) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (code == null || !CODE.matcher(code).matches()) {
            errors.add(new Problem.FieldError("code", "must be lower-case words separated by dots, e.g. analytics.usage"));
        }
        text(errors, "title", edit.title(), 120);
        text(errors, "description", edit.description(), 2000);
        text(errors, "reason", edit.reason(), 500);
        if (edit.lawfulBasis() == null) {
            errors.add(new Problem.FieldError("lawfulBasis", "is required"));
        }
        if (edit.categories() == null || edit.categories().isEmpty()) {
            errors.add(new Problem.FieldError("categories", "must name at least one data category"));
        } else {
            for (String category : edit.categories()) {
                if (!DataCategories.ALL.contains(category)) {
                    errors.add(new Problem.FieldError("categories", "unknown data category; known: "
                            + String.join(", ", DataCategories.ALL)));
                    break;
                }
            }
            if (edit.categories().stream().distinct().count() != edit.categories().size()) {
                errors.add(new Problem.FieldError("categories", "must not repeat a category"));
            }
        }
        if (edit.gpcRefusable() && edit.lawfulBasis() != null && edit.lawfulBasis() != LawfulBasis.CONSENT) {
            errors.add(new Problem.FieldError("gpcRefusable", "only a consent-based purpose can be refused by a "
                    + "Global Privacy Control signal"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
    }

    private static void text(List<Problem.FieldError> errors, String field, String value, int max) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(field, "is required"));
        } else if (value.length() > max) {
            errors.add(new Problem.FieldError(field, "must be at most " + max + " characters"));
        }
    }
}
