package dev.confidant.consent.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.confidant.consent.domain.ConsentAction;
import dev.confidant.consent.domain.ConsentActor;
import dev.confidant.consent.domain.ConsentMethod;
import dev.confidant.consent.domain.ConsentReceipt;
import dev.confidant.consent.domain.Decision;
import dev.confidant.consent.domain.LawfulBasis;
import dev.confidant.consent.domain.LedgerEntry;
import dev.confidant.consent.domain.PolicyVersion;
import dev.confidant.consent.domain.Purpose;
import dev.confidant.consent.domain.PurposeRevision;
import dev.confidant.consent.service.ConsentChoices;
import dev.confidant.consent.service.ConsentLedger;
import dev.confidant.platform.events.ConsentState;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The JSON bodies this service answers with. */
final class Views {

    private Views() {
    }

    record PurposeView(String code, String title, String description, LawfulBasis lawfulBasis, List<String> categories,
                       boolean needsConsent, boolean gpcRefusable, int revision, Instant changedAt) {
        static PurposeView of(Purpose p) {
            return new PurposeView(p.code, p.title, p.description, p.lawfulBasis, p.categories, p.needsConsent(),
                    p.gpcRefusable, p.revision, p.changedAt);
        }
    }

    record PurposeRevisionView(String code, int revision, String title, String description, LawfulBasis lawfulBasis,
                               List<String> categories, boolean gpcRefusable, Instant changedAt, UUID changedBy,
                               String reason) {
        static PurposeRevisionView of(PurposeRevision r) {
            return new PurposeRevisionView(r.code, r.revision, r.title, r.description, r.lawfulBasis, r.categories,
                    r.gpcRefusable, r.changedAt, r.changedBy, r.reason);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PolicyView(String version, String summary, boolean material, Instant publishedAt, Instant effectiveAt,
                      LocalDate lastUpdated, String sha256, String url, String text) {
        static PolicyView of(PolicyVersion v, boolean withText) {
            return new PolicyView(v.version, v.summary, v.material, v.publishedAt, v.effectiveAt, v.lastUpdated,
                    v.sha256, v.url, withText ? v.text : null);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CurrentPolicyView(PolicyView current, List<PolicyView> upcoming) {
    }

    /** One purpose for the subject: {@code state} is not-set, granted, denied or reconsent-required. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PurposeStateView(String purpose, String title, LawfulBasis lawfulBasis, boolean needsConsent, String state,
                            boolean allowed, String reason, String policyVersion, Instant changedAt,
                            UUID ledgerEntryId) {
        static PurposeStateView of(ConsentChoices.PurposeStatus status) {
            Purpose p = status.purpose();
            Decision d = status.decision();
            String state = null;
            if (p.needsConsent()) {
                state = status.current() == null ? "not-set" : stateCode(d.state());
            }
            return new PurposeStateView(p.code, p.title, p.lawfulBasis, p.needsConsent(), state, d.allowed(),
                    d.reason(), status.current() == null ? null : status.current().policyVersion,
                    status.current() == null ? null : status.current().changedAt,
                    status.current() == null ? null : status.current().entryId);
        }
    }

    record NoticeView(String version, String summary, boolean material, Instant effectiveAt, boolean inEffect,
                      boolean reconsentRequired) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ConsentStatusView(UUID subjectId, String policyVersion, List<PurposeStateView> purposes,
                             int pendingNotices, List<EntryView> recorded, List<String> receipts) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record EntryView(long seq, UUID id, UUID subjectId, String purpose, ConsentAction action, String policyVersion,
                     Instant occurredAt, ConsentMethod method, ConsentActor actor, UUID actorId, String userAgent,
                     String clientNetwork, String jurisdiction, UUID receiptId, String prevHash, String hash,
                     Instant expiredAt) {
        static EntryView of(LedgerEntry e) {
            return new EntryView(e.seq, e.id, e.subjectId, e.purpose, e.action, e.policyVersion, e.occurredAt,
                    e.method, e.actor, e.actorId, e.userAgent, e.clientNetwork, e.jurisdiction, e.receiptId,
                    e.prevHash, e.hash, e.expiredAt);
        }

        /** What the subject sees of their own entry: no hashes or chain positions. */
        static EntryView forSubject(LedgerEntry e) {
            return new EntryView(e.seq, e.id, null, e.purpose, e.action, e.policyVersion, e.occurredAt, e.method,
                    e.actor, null, null, null, e.jurisdiction, e.receiptId, null, e.hash, null);
        }
    }

    record ReceiptView(UUID id, Instant issuedAt, String jws) {
        static ReceiptView of(ConsentReceipt r) {
            return new ReceiptView(r.id, r.issuedAt, r.jws);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DecisionView(UUID subjectId, String purpose, boolean allowed, LawfulBasis lawfulBasis, String state,
                        String reason, UUID ledgerEntryId, String policyVersion, Instant decidedAt) {
        static DecisionView of(UUID subject, String purpose, Decision d, Instant at) {
            return new DecisionView(subject, purpose, d.allowed(), d.basis(), d.state() == null ? null
                    : stateCode(d.state()), d.reason(), d.ledgerEntryId(), d.policyVersion(), at);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VerificationView(boolean valid, long entriesChecked, long headSeq, String headHash, Instant verifiedAt,
                            Long firstBrokenSeq, UUID firstBrokenEntryId, String problem) {
        static VerificationView of(ConsentLedger.Verification v) {
            return new VerificationView(v.valid(), v.entriesChecked(), v.headSeq(), v.headHash(), v.verifiedAt(),
                    v.firstBrokenSeq(), v.firstBrokenId(), v.problem());
        }
    }

    record PageView(List<EntryView> items, int page, int size, long total) {
    }

    record EvidenceView(UUID subjectId, Instant generatedAt, List<EntryView> entries, List<ReceiptView> receipts,
                        List<PurposeStateView> currentState, VerificationView chain, Object receiptKeys,
                        String howToVerify) {
    }

    static String stateCode(ConsentState state) {
        return state.name().toLowerCase().replace('_', '-');
    }
}
