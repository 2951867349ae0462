package dev.confidant.consent.domain;

import dev.confidant.platform.events.ConsentState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision rule alone: no database, no broker. */
class ConsentRulesTest {

    private static final Instant V1 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant V2 = Instant.parse("2026-06-01T00:00:00Z");

    @Test
    void aPurposeOnAnotherLawfulBasisNeedsNoConsent() {
        Decision decision = ConsentRules.decide(purpose(LawfulBasis.CONTRACT), null, true, V2);
        assertTrue(decision.allowed());
        assertEquals(LawfulBasis.CONTRACT, decision.basis());
        assertNull(decision.state());
    }

    @Test
    void noChoiceIsARefusal() {
        Decision decision = ConsentRules.decide(purpose(LawfulBasis.CONSENT), null, false, Instant.MIN);
        assertFalse(decision.allowed());
        assertEquals(ConsentState.DENIED, decision.state());
        assertNull(decision.ledgerEntryId());
    }

    @Test
    void aWithdrawalIsARefusalThatNamesItsEntry() {
        CurrentConsent withdrawn = current(false, V1, ConsentActor.SUBJECT);
        Decision decision = ConsentRules.decide(purpose(LawfulBasis.CONSENT), withdrawn, false, Instant.MIN);
        assertFalse(decision.allowed());
        assertEquals(ConsentState.DENIED, decision.state());
        assertEquals(withdrawn.entryId, decision.ledgerEntryId());
    }

    @Test
    void aGrantCounts() {
        CurrentConsent granted = current(true, V1, ConsentActor.SUBJECT);
        Decision decision = ConsentRules.decide(purpose(LawfulBasis.CONSENT), granted, false, V1);
        assertTrue(decision.allowed());
        assertEquals(ConsentState.GRANTED, decision.state());
        assertEquals("v1", decision.policyVersion());
    }

    @Test
    void aGrantUnderAPolicySinceChangedMateriallyMustBeGivenAgain() {
        CurrentConsent granted = current(true, V1, ConsentActor.SUBJECT);
        Decision decision = ConsentRules.decide(purpose(LawfulBasis.CONSENT), granted, false, V2);
        assertFalse(decision.allowed());
        assertEquals(ConsentState.RECONSENT_REQUIRED, decision.state());
    }

    @Test
    void aChildsOwnGrantDoesNotCountButAGuardiansDoes() {
        Purpose purpose = purpose(LawfulBasis.CONSENT);
        assertFalse(ConsentRules.decide(purpose, current(true, V1, ConsentActor.SUBJECT), true, V1).allowed());
        assertTrue(ConsentRules.decide(purpose, current(true, V1, ConsentActor.GUARDIAN), true, V1).allowed());
    }

    private static Purpose purpose(LawfulBasis basis) {
        Purpose purpose = new Purpose();
        purpose.code = "analytics.usage";
        purpose.lawfulBasis = basis;
        return purpose;
    }

    private static CurrentConsent current(boolean granted, Instant policyEffectiveAt, ConsentActor actor) {
        CurrentConsent current = new CurrentConsent();
        current.subjectId = UUID.randomUUID();
        current.purpose = "analytics.usage";
        current.granted = granted;
        current.policyVersion = "v1";
        current.policyEffectiveAt = policyEffectiveAt;
        current.entryId = UUID.randomUUID();
        current.actor = actor;
        return current;
    }
}
