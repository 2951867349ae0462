package dev.confidant.consent.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger's hash chain, without a database: what an auditor recomputes from an export. */
class LedgerEntryHashTest {

    @Test
    void theHashIsTheHexSha256OfTheEntryAndItsPredecessor() {
        LedgerEntry entry = entry();
        String hash = entry.computeHash();
        assertTrue(hash.matches("[0-9a-f]{64}"));
        assertEquals(hash, entry().computeHash(), "the same content gives the same hash");
    }

    @Test
    void everyFieldIsCovered() {
        String original = entry().computeHash();
        for (Consumer<LedgerEntry> change : java.util.List.<Consumer<LedgerEntry>>of(
                e -> e.prevHash = "1".repeat(64), e -> e.seq = 8, e -> e.id = UUID.randomUUID(),
                e -> e.subjectId = UUID.randomUUID(), e -> e.purpose = "marketing.email",
                e -> e.action = ConsentAction.WITHDRAW, e -> e.policyVersion = "2026-07",
                e -> e.occurredAt = e.occurredAt.plusMillis(1), e -> e.method = ConsentMethod.SETTINGS,
                e -> e.actor = ConsentActor.GUARDIAN, e -> e.actorId = UUID.randomUUID(), e -> e.userAgent = "curl",
                e -> e.clientNetwork = "198.51.100.0/24", e -> e.jurisdiction = "DE",
                e -> e.receiptId = UUID.randomUUID())) {
            LedgerEntry changed = entry();
            change.accept(changed);
            assertNotEquals(original, changed.computeHash());
        }
    }

    @Test
    void noValueCanBeShiftedIntoItsNeighbourAndNullDiffersFromEmpty() {
        LedgerEntry a = entry();
        a.userAgent = "ab";
        a.clientNetwork = "c";
        LedgerEntry b = entry();
        b.userAgent = "a";
        b.clientNetwork = "bc";
        assertNotEquals(a.computeHash(), b.computeHash());

        LedgerEntry empty = entry();
        empty.jurisdiction = "";
        LedgerEntry none = entry();
        none.jurisdiction = null;
        assertNotEquals(empty.computeHash(), none.computeHash());
    }

    @Test
    void theFirstEntryChainsToTheGenesisAndEachNextToItsPredecessor() {
        LedgerEntry first = entry();
        first.prevHash = LedgerEntry.GENESIS;
        first.hash = first.computeHash();
        LedgerEntry second = entry();
        second.seq = first.seq + 1;
        second.prevHash = first.hash;
        String chained = second.computeHash();

        first.purpose = "edited";
        assertNotEquals(first.hash, first.computeHash(), "an edited entry no longer matches its hash");
        second.prevHash = first.computeHash();
        assertNotEquals(chained, second.computeHash(), "and the next entry's link breaks with it");
    }

    private static LedgerEntry entry() {
        LedgerEntry e = new LedgerEntry();
        e.prevHash = "0".repeat(64);
        e.seq = 7;
        e.id = UUID.fromString("00000000-0000-4000-8000-000000000001");
        e.subjectId = UUID.fromString("00000000-0000-4000-8000-000000000002");
        e.purpose = "analytics.usage";
        e.action = ConsentAction.GRANT;
        e.policyVersion = "2026-01";
        e.occurredAt = Instant.parse("2026-11-30T10:15:30.123Z");
        e.method = ConsentMethod.BANNER;
        e.actor = ConsentActor.SUBJECT;
        e.actorId = null;
        e.userAgent = "Mozilla/5.0";
        e.clientNetwork = "203.0.113.0/24";
        e.jurisdiction = "FR";
        e.receiptId = null;
        return e;
    }
}
