package dev.confidant.consent.api;

import dev.confidant.consent.service.ConsentChoices;
import dev.confidant.consent.service.ConsentReceipts;
import dev.confidant.platform.runtime.owner.SubjectExport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * consent-service's part of an access request: the state of every purpose, every choice made and every receipt, in
 * the same shapes as the subject's own {@code /api/consents/me} views.
 */
@ApplicationScoped
public class ConsentExport implements SubjectExport {

    @Inject
    ConsentChoices consents;

    @Inject
    ConsentReceipts receipts;

    @Override
    @Transactional(Transactional.TxType.SUPPORTS)
    public Object export(UUID subject) {
        Map<String, Object> export = new LinkedHashMap<>();
        export.put("purposes", consents.status(subject).stream().map(Views.PurposeStateView::of).toList());
        export.put("history", consents.history(subject).stream().map(Views.EntryView::forSubject).toList());
        export.put("receipts", receipts.of(subject).stream().map(Views.ReceiptView::of).toList());
        return export;
    }
}
