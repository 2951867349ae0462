package dev.confidant.consent.domain;

import dev.confidant.platform.events.ConsentState;

import java.time.Instant;

/** The rule of a decision, in one place: the projection events and the decision endpoint both use it. */
public final class ConsentRules {

    private ConsentRules() {
    }

    /**
     * Decides a purpose for a subject.
     *
     * @param purpose  the purpose
     * @param current  the subject's latest choice for it, or null
     * @param minor    whether the subject is a child (only a guardian's grant counts)
     * @param baseline consent given under a policy version that took effect before this no longer counts
     */
    public static Decision decide(Purpose purpose, CurrentConsent current, boolean minor, Instant baseline) {
        if (!purpose.needsConsent()) {
            return new Decision(true, purpose.lawfulBasis, null,
                    "allowed by its lawful basis: " + purpose.lawfulBasis.code(), null, null);
        }
        if (current == null) {
            return new Decision(false, purpose.lawfulBasis, ConsentState.DENIED, "no consent recorded", null, null);
        }
        if (!current.granted) {
            return new Decision(false, purpose.lawfulBasis, ConsentState.DENIED, "consent refused or withdrawn",
                    current.entryId, current.policyVersion);
        }
        if (current.policyEffectiveAt.isBefore(baseline)) {
            return new Decision(false, purpose.lawfulBasis, ConsentState.RECONSENT_REQUIRED,
                    "consent was given under policy version " + current.policyVersion
                            + ", since changed materially: it must be given again", current.entryId, current.policyVersion);
        }
        if (minor && current.actor != ConsentActor.GUARDIAN) {
            return new Decision(false, purpose.lawfulBasis, ConsentState.DENIED,
                    "the subject is a child: a guardian's grant is required", current.entryId, current.policyVersion);
        }
        return new Decision(true, purpose.lawfulBasis, ConsentState.GRANTED, "consent granted", current.entryId,
                current.policyVersion);
    }
}
