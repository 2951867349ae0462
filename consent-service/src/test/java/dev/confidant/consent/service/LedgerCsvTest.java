package dev.confidant.consent.service;

import dev.confidant.consent.domain.ConsentAction;
import dev.confidant.consent.domain.ConsentActor;
import dev.confidant.consent.domain.ConsentMethod;
import dev.confidant.consent.domain.LedgerEntry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LedgerCsvTest {

    @Test
    void fieldsAreQuotedAndFormulasDefused() {
        assertEquals("plain", LedgerCsv.field("plain"));
        assertEquals("\"a,b\"", LedgerCsv.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", LedgerCsv.field("say \"hi\""));
        assertEquals("\"line\nbreak\"", LedgerCsv.field("line\nbreak"));
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\"", LedgerCsv.field("=HYPERLINK(\"x\")"));
        assertEquals("'+1", LedgerCsv.field("+1"));
        assertEquals("'-1", LedgerCsv.field("-1"));
        assertEquals("'@sum", LedgerCsv.field("@sum"));
        assertEquals("", LedgerCsv.field(null));
        assertEquals("42", LedgerCsv.field(42L));
    }

    @Test
    void aRowHasEveryHeaderColumnInOrder() {
        LedgerEntry e = new LedgerEntry();
        e.seq = 3;
        e.id = UUID.fromString("00000000-0000-4000-8000-000000000001");
        e.subjectId = UUID.fromString("00000000-0000-4000-8000-000000000002");
        e.purpose = "analytics.usage";
        e.action = ConsentAction.GRANT;
        e.policyVersion = "2026-01";
        e.occurredAt = Instant.parse("2026-11-30T10:15:30Z");
        e.method = ConsentMethod.BANNER;
        e.actor = ConsentActor.SUBJECT;
        e.userAgent = "Mozilla/5.0 (X11, Linux)";
        e.clientNetwork = "203.0.113.0/24";
        e.prevHash = "0".repeat(64);
        e.hash = "f".repeat(64);
        String row = LedgerCsv.row(e);
        assertEquals("3,00000000-0000-4000-8000-000000000001,00000000-0000-4000-8000-000000000002,analytics.usage,"
                + "grant,2026-01,2026-11-30T10:15:30Z,banner,subject,,\"Mozilla/5.0 (X11, Linux)\",203.0.113.0/24,,,"
                + "0".repeat(64) + "," + "f".repeat(64) + ",\r\n", row);
    }
}
