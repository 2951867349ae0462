package dev.confidant.consent.service;

import dev.confidant.consent.config.ConsentConfig;
import dev.confidant.consent.domain.ConsentAction;
import dev.confidant.consent.domain.ConsentActor;
import dev.confidant.consent.domain.ConsentMethod;
import dev.confidant.consent.domain.ConsentReceipt;
import dev.confidant.consent.domain.ConsentRules;
import dev.confidant.consent.domain.ConsentSubject;
import dev.confidant.consent.domain.CurrentConsent;
import dev.confidant.consent.domain.Decision;
import dev.confidant.consent.domain.LedgerEntry;
import dev.confidant.consent.domain.PolicyTimeline;
import dev.confidant.consent.domain.PolicyVersion;
import dev.confidant.consent.domain.Purpose;
import dev.confidant.platform.events.ConsentChanged;
import dev.confidant.platform.events.ConsentState;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.outbox.Outbox;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Subjects' consent choices: validated, appended to the ledger, receipted, applied to the current state and
 * announced on {@code confidant.consent} with the subject's whole state, all in one transaction.
 */
@ApplicationScoped
public class ConsentChoices {

    /** Where the store of consent evidence is, for the data map. */
    public static final String STORE = "consent-db";

    private static final Pattern JURISDICTION = Pattern.compile("EU|[A-Z]{2}(-[A-Z0-9]{1,3})?");
    private static final int MAX_CHOICES = 32;

    /** Who made the choices, how, and from where. */
    public record Context(ConsentMethod method, ConsentActor actor, UUID actorId, String userAgent,
                          String clientNetwork, String jurisdiction) {
    }

    /** What a call recorded: its entries (none when nothing changed) and their receipts (one per change). */
    public record Recorded(List<LedgerEntry> entries, List<ConsentReceipt> receipts) {
        static Recorded nothing() {
            return new Recorded(List.of(), List.of());
        }

        Recorded plus(Recorded other) {
            List<LedgerEntry> allEntries = new ArrayList<>(entries);
            allEntries.addAll(other.entries);
            List<ConsentReceipt> allReceipts = new ArrayList<>(receipts);
            allReceipts.addAll(other.receipts);
            return new Recorded(List.copyOf(allEntries), List.copyOf(allReceipts));
        }
    }

    /** One purpose as the subject sees it. */
    public record PurposeStatus(Purpose purpose, Decision decision, CurrentConsent current) {
    }

    @Inject
    PurposeCatalogue purposes;

    @Inject
    PrivacyPolicies policies;

    @Inject
    ConsentLedger ledger;

    @Inject
    ConsentReceipts receipts;

    @Inject
    Outbox outbox;

    @Inject
    EntityManager entityManager;

    @Inject
    ConsentConfig config;

    @Inject
    Clock clock;

    @Inject
    ConsentStates states;

    /**
     * Records the subject's choices (purpose code → granted). Nothing is stored unless every choice is valid.
     *
     * @param policyVersion the version the subject was shown; null for the version in force
     * @param gpc           whether the request carried {@code Sec-GPC: 1}: its refusal is recorded first, so choices
     *                      made in the same call win
     */
    @Transactional
    public Recorded choose(UUID subject, Map<String, Boolean> choices, String policyVersion, Context context,
                           boolean gpc) {
        validate(choices, context);
        String version = policyVersionFor(policyVersion);
        ConsentSubject locked = lockSubject(subject);
        Recorded recorded = gpc ? refuseForGpc(locked, context) : Recorded.nothing();
        Map<String, CurrentConsent> current = currentOf(subject);
        List<LedgerEntry> drafts = new ArrayList<>();
        for (Map.Entry<String, Boolean> choice : new TreeMap<>(choices).entrySet()) {
            CurrentConsent existing = current.get(choice.getKey());
            ConsentAction action;
            if (existing == null || existing.granted != choice.getValue()) {
                action = choice.getValue() ? ConsentAction.GRANT : ConsentAction.WITHDRAW;
            } else if (!existing.policyVersion.equals(version) || existing.actor != context.actor()) {
                action = ConsentAction.RECONFIRM;
            } else {
                continue; // the same choice again: nothing to record
            }
            drafts.add(draft(subject, choice.getKey(), action, version, context));
        }
        return recorded.plus(record(locked, drafts, choices));
    }

    /**
     * Honours a {@code Sec-GPC: 1} signal seen on a subject's request: the first time, every purpose a GPC signal
     * refuses that is not already refused is recorded as refused. A grant the subject makes afterwards stands.
     * Later signals read one row and write nothing.
     *
     * @param beforeWriting runs before the first signal is recorded, e.g. a rate limit that may refuse it
     */
    @Transactional
    public Recorded honourGpc(UUID subject, Context context, Runnable beforeWriting) {
        ConsentSubject known = ConsentSubject.findById(subject);
        if (known != null && known.gpcSeenAt != null) {
            return Recorded.nothing(); // cheap path for every later request that carries the signal
        }
        beforeWriting.run();
        return refuseForGpc(lockSubject(subject), context);
    }

    /** The subject's state for every purpose, as decisions see it now. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PurposeStatus> status(UUID subject) {
        Map<String, CurrentConsent> current = currentOf(subject);
        ConsentSubject known = ConsentSubject.findById(subject);
        boolean minor = known != null && known.minor;
        Instant baseline = policies.timeline().consentBaseline(clock.instant());
        return purposes.all().stream().map(p -> new PurposeStatus(p,
                ConsentRules.decide(p, current.get(p.code), minor, baseline), current.get(p.code))).toList();
    }

    /**
     * Policy versions the subject has not yet made choices under: every version taking effect after the oldest
     * version its current choices were made under (none for a subject without choices).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PolicyVersion> notices(UUID subject) {
        Optional<Instant> oldest = currentOf(subject).values().stream().map(c -> c.policyEffectiveAt)
                .min(Instant::compareTo);
        return oldest.map(since -> PolicyVersion.<PolicyVersion>list("effectiveAt > ?1 order by effectiveAt", since))
                .orElse(List.of());
    }

    /** Every ledger entry of the subject, oldest first. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<LedgerEntry> history(UUID subject) {
        return LedgerEntry.list("subjectId = ?1 order by seq", subject);
    }

    private Recorded refuseForGpc(ConsentSubject subject, Context request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (subject.gpcSeenAt != null) {
            return Recorded.nothing();
        }
        subject.gpcSeenAt = now;
        Map<String, CurrentConsent> current = currentOf(subject.subjectId);
        String version = policyVersionFor(null);
        Context gpc = new Context(ConsentMethod.GPC, request.actor(), request.actorId(), request.userAgent(),
                request.clientNetwork(), request.jurisdiction());
        List<LedgerEntry> drafts = new ArrayList<>();
        Map<String, Boolean> refusals = new LinkedHashMap<>();
        for (Purpose purpose : purposes.consentBased()) {
            CurrentConsent existing = current.get(purpose.code);
            if (purpose.gpcRefusable && (existing == null || existing.granted)) {
                drafts.add(draft(subject.subjectId, purpose.code, ConsentAction.WITHDRAW, version, gpc));
                refusals.put(purpose.code, false);
            }
        }
        return record(subject, drafts, refusals);
    }

    /** Appends drafts to the ledger with one receipt, applies them to the current state, announces the new state. */
    private Recorded record(ConsentSubject subject, List<LedgerEntry> drafts, Map<String, Boolean> choices) {
        if (drafts.isEmpty()) {
            return Recorded.nothing();
        }
        Instant now = drafts.get(0).occurredAt;
        UUID receiptId = Randomness.uuid();
        drafts.forEach(entry -> entry.receiptId = receiptId);
        boolean firstEvidence = LedgerEntry.count("subjectId", subject.subjectId) == 0;
        ledger.append(drafts);
        ConsentReceipt receipt = receipts.issue(receiptId, subject.subjectId, drafts, now);
        Instant versionEffective = policies.timeline().find(drafts.get(0).policyVersion).orElseThrow().effectiveAt();
        for (LedgerEntry entry : drafts) {
            CurrentConsent state = CurrentConsent.find("subjectId = ?1 and purpose = ?2", subject.subjectId,
                    entry.purpose).firstResult();
            if (state == null) {
                state = new CurrentConsent();
                state.subjectId = subject.subjectId;
                state.purpose = entry.purpose;
            }
            state.granted = choices.get(entry.purpose);
            state.policyVersion = entry.policyVersion;
            state.policyEffectiveAt = versionEffective;
            state.entryId = entry.id;
            state.actor = entry.actor;
            state.changedAt = now;
            state.persist();
        }
        entityManager.flush();
        announce(subject, drafts.get(drafts.size() - 1).id, drafts.get(0).policyVersion, now);
        if (firstEvidence) {
            outbox.publish(subject.subjectId, new PersonalDataCreated(DataCategories.CONSENT_EVIDENCE, STORE,
                    "consent-ledger/" + subject.subjectId, now, null));
        }
        return new Recorded(List.copyOf(drafts), List.of(receipt));
    }

    /**
     * Marks a subject as a child: from now on only a guardian's grant counts. Choices already made are re-announced
     * so projections stop relying on the child's own grants.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markMinor(UUID subject, Instant at) {
        ConsentSubject locked = lockSubject(subject);
        locked.minor = true;
        Map<String, CurrentConsent> current = currentOf(subject);
        current.values().stream().max(java.util.Comparator.comparing((CurrentConsent c) -> c.changedAt))
                .ifPresent(latest -> announce(locked, latest.entryId, latest.policyVersion, at));
    }

    /**
     * A visitor registered or logged in: the choices the visitor made in the widget carry over to the account for
     * every purpose the account has no choice for yet (each from the visitor's entry: same choice, method, policy
     * version and context), and the visitor's current state goes. The visitor's ledger entries stay as evidence.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Recorded linkVisitor(UUID account, UUID visitor) {
        Map<String, CurrentConsent> visitorState = currentOf(visitor);
        if (visitorState.isEmpty()) {
            return Recorded.nothing();
        }
        ConsentSubject locked = lockSubject(account);
        Map<String, CurrentConsent> accountState = currentOf(account);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Recorded recorded = Recorded.nothing();
        for (CurrentConsent choice : new TreeMap<>(visitorState).values()) {
            if (accountState.containsKey(choice.purpose) || purposes.find(choice.purpose).isEmpty()
                    || !policies.timeline().acceptsChoicesUnder(choice.policyVersion, now)) {
                continue;
            }
            LedgerEntry source = LedgerEntry.find("id", choice.entryId).firstResult();
            Context context = new Context(source.method, ConsentActor.SUBJECT, null, source.userAgent,
                    source.clientNetwork, source.jurisdiction);
            LedgerEntry entry = draft(account, choice.purpose,
                    choice.granted ? ConsentAction.GRANT : ConsentAction.WITHDRAW, choice.policyVersion, context);
            recorded = recorded.plus(record(locked, List.of(entry), Map.of(choice.purpose, choice.granted)));
        }
        states.changing(visitor);
        entityManager.createNativeQuery("DELETE FROM consent_state WHERE subject_id = ?1").setParameter(1, visitor)
                .executeUpdate();
        entityManager.createNativeQuery("DELETE FROM consent_subject WHERE subject_id = ?1").setParameter(1, visitor)
                .executeUpdate();
        return recorded;
    }

    /** Publishes the subject's whole consent state, so projections never need to ask. */
    void announce(ConsentSubject subject, UUID causedBy, String policyVersion, Instant at) {
        Map<String, CurrentConsent> current = currentOf(subject.subjectId);
        Instant baseline = policies.timeline().consentBaseline(clock.instant());
        Map<String, ConsentState> states = new TreeMap<>();
        for (Purpose purpose : purposes.consentBased()) {
            states.put(purpose.code, ConsentRules.decide(purpose, current.get(purpose.code), subject.minor, baseline)
                    .state());
        }
        outbox.publish(subject.subjectId, new ConsentChanged(states, policyVersion, causedBy, at));
    }

    /** Locks the subject's row (creating it), so one subject's changes apply one after another. */
    ConsentSubject lockSubject(UUID subject) {
        states.changing(subject);
        entityManager.createNativeQuery("INSERT INTO consent_subject (subject_id) VALUES (?1) ON CONFLICT DO NOTHING")
                .setParameter(1, subject).executeUpdate();
        return ConsentSubject.findById(subject, LockModeType.PESSIMISTIC_WRITE);
    }

    Map<String, CurrentConsent> currentOf(UUID subject) {
        return CurrentConsent.<CurrentConsent>list("subjectId", subject).stream()
                .collect(Collectors.toMap(c -> c.purpose, Function.identity()));
    }

    private LedgerEntry draft(UUID subject, String purpose, ConsentAction action, String version, Context context) {
        LedgerEntry entry = new LedgerEntry();
        entry.id = Randomness.uuid();
        entry.subjectId = subject;
        entry.purpose = purpose;
        entry.action = action;
        entry.policyVersion = version;
        entry.occurredAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        entry.method = context.method();
        entry.actor = context.actor();
        entry.actorId = context.actorId();
        entry.userAgent = context.userAgent();
        entry.clientNetwork = context.clientNetwork();
        entry.jurisdiction = context.jurisdiction() != null ? context.jurisdiction() : config.defaultJurisdiction();
        return entry;
    }

    /** The version choices are recorded under: the one named (409 when superseded), or the one in force. */
    private String policyVersionFor(String requested) {
        Instant now = clock.instant();
        PolicyTimeline timeline = policies.timeline();
        if (requested == null) {
            return timeline.current(now).or(timeline::latest)
                    .orElseThrow(() -> ProblemException.conflict("no privacy policy is published yet")).version();
        }
        if (timeline.find(requested).isEmpty()) {
            throw ProblemException.invalidField("policyVersion", "no such policy version");
        }
        if (!timeline.acceptsChoicesUnder(requested, now)) {
            throw ProblemException.conflict("policy version " + requested + " has been superseded by version "
                    + timeline.current(now).orElseThrow().version() + "; show the subject the current policy");
        }
        return requested;
    }

    private void validate(Map<String, Boolean> choices, Context context) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (choices == null || choices.isEmpty()) {
            errors.add(new Problem.FieldError("choices", "name at least one purpose, e.g. {\"analytics.usage\": true}"));
        } else if (choices.size() > MAX_CHOICES) {
            errors.add(new Problem.FieldError("choices", "at most " + MAX_CHOICES + " purposes at once"));
        } else {
            for (Map.Entry<String, Boolean> choice : new TreeMap<>(choices).entrySet()) {
                Optional<Purpose> purpose = purposes.find(choice.getKey());
                String field = "choices." + choice.getKey();
                if (purpose.isEmpty()) {
                    errors.add(new Problem.FieldError(field, "no such purpose; see GET /api/purposes"));
                } else if (!purpose.get().needsConsent()) {
                    errors.add(new Problem.FieldError(field, "this purpose is not based on consent but on "
                            + purpose.get().lawfulBasis.code() + ": there is nothing to grant or withdraw"));
                } else if (choice.getValue() == null) {
                    errors.add(new Problem.FieldError(field, "must be true or false"));
                }
            }
        }
        if (context.jurisdiction() != null && !JURISDICTION.matcher(context.jurisdiction()).matches()) {
            errors.add(new Problem.FieldError("jurisdiction", "must be an ISO 3166 code such as FR or US-CA, or EU"));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalidFields(errors);
        }
    }
}
