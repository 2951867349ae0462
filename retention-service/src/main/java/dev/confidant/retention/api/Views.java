package dev.confidant.retention.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.confidant.retention.api.Views.CertificateView;
import dev.confidant.retention.api.Views.RequestView;
import dev.confidant.retention.domain.LegalHold;
import dev.confidant.retention.domain.RetentionClock;
import dev.confidant.retention.domain.RetentionSchedule;
import dev.confidant.retention.service.DataMap;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What this service's endpoints answer: every response body, in one place. Request bodies stay with the resource that
 * reads them, as records with Bean Validation.
 */
public final class Views {

    private Views() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DataMapEntry(String owner, String category, String store, String reference, Instant createdAt,
                               Instant lastActivityAt, Instant expiresAt, String retention) {
        static DataMapEntry of(DataMap.Entry entry) {
            return new DataMapEntry(entry.item().owner, entry.item().category, entry.item().store,
                    entry.item().reference, entry.item().createdAt, entry.item().lastActivityAt, entry.expiresAt(),
                    entry.retention());
        }
    }

    public record SubjectDataMap(UUID subjectId, List<DataMapEntry> items) {
    }

    public record HoldView(UUID id, UUID subjectId, String caseReference, String reason, UUID placedBy,
                           Instant placedAt, Instant until, Instant releasedAt, UUID releasedBy) {
        static HoldView of(LegalHold h) {
            return new HoldView(h.id, h.subjectId, h.caseReference, h.reason, h.placedBy, h.placedAt, h.until,
                    h.releasedAt, h.releasedBy);
        }
    }

    /** The request, and its certificate once complete. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReceiptView(RequestView request, CertificateView certificate) {
    }

    /**
     * One owner's part: for erasure its acknowledgement with what it erased and kept; for access the state of its
     * export ({@code pending}, {@code collected}, {@code no-export}), the attempts so far and the last failure.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OwnerView(String owner, String status, Instant acknowledgedAt, JsonNode erased, JsonNode retained,
                            Instant collectedAt, Integer attempts, String lastError) {
    }

    /**
     * An erasure ({@code type=erasure}) or access ({@code type=access}) request. {@code receipt} only in the answer
     * to the subject's own erasure request: shown once, never stored in the clear.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RequestView(UUID id, String type, UUID subjectId, String origin, String status, Instant receivedAt,
                              Instant deadline, long daysLeft, String extensionReason, String heldReason,
                              Instant completedAt, Instant bundleExpiresAt, List<OwnerView> owners, String receipt) {

        RequestView withReceipt(String receipt) {
            return new RequestView(id, type, subjectId, origin, status, receivedAt, deadline, daysLeft,
                    extensionReason, heldReason, completedAt, bundleExpiresAt, owners, receipt);
        }

        /**
         * As the subject (or a receipt holder) sees it: a held request says {@code held}, never the hold's case
         * reference or reason, which are the DPO's and may concern others.
         */
        RequestView forSubject() {
            return new RequestView(id, type, subjectId, origin, status, receivedAt, deadline, daysLeft,
                    extensionReason, null, completedAt, bundleExpiresAt, owners, receipt);
        }
    }

    public record CertificateView(UUID requestId, String jws, JsonNode certificate) {
    }

    public record ScheduleView(String category, int retentionDays, RetentionClock clock, String description,
                               int revision, Instant changedAt) {
        static ScheduleView of(RetentionSchedule s) {
            return new ScheduleView(s.category, s.retentionDays, s.clock, s.description, s.revision, s.changedAt);
        }
    }

    public record OverdueItem(UUID subjectId, String owner, String category, String store, String reference,
                              Instant expiredAt) {
    }

    public record OverdueReport(Instant at, int count, List<OverdueItem> items) {
    }
}
