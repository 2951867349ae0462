package dev.confidant.consent.domain;

import dev.confidant.platform.events.ConsentState;

import java.util.UUID;

/**
 * Whether a purpose may be processed for a subject, and why.
 *
 * @param allowed       the answer
 * @param basis         the purpose's lawful basis
 * @param state         for consent-based purposes, the state other services project; null otherwise
 * @param reason        the answer in words: the basis, or the ledger entry and policy version it rests on
 * @param ledgerEntryId the entry the answer rests on, when it rests on one
 * @param policyVersion the policy version that entry was made under
 */
public record Decision(boolean allowed, LawfulBasis basis, ConsentState state, String reason, UUID ledgerEntryId,
                       String policyVersion) {
}
