package dev.confidant.account.service;

import dev.confidant.account.domain.VisitorLink;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.events.RevocationReason;
import dev.confidant.platform.events.VisitorLinked;
import dev.confidant.platform.runtime.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.time.Clock;
import java.util.UUID;

/** Anonymous widget visitors: their tokens, and linking them to an account so their data follows it. */
@ApplicationScoped
public class Visitors {

    @Inject
    TokenIssuer tokens;

    @Inject
    Revocations revocations;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    /** A visitor token for a fresh subject; nothing is stored about the visitor here. */
    public record VisitorToken(String accessToken, UUID subjectId) {
    }

    public VisitorToken issue() {
        UUID subject = Randomness.uuid();
        return new VisitorToken(tokens.visitorToken(subject), subject);
    }

    /** Links {@code visitor} to {@code account} once, and announces it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void link(UUID visitor, UUID account) {
        if (visitor.equals(account) || VisitorLink.findById(visitor) != null) {
            return;
        }
        VisitorLink link = new VisitorLink();
        link.visitorSubjectId = visitor;
        link.subjectId = account;
        link.linkedAt = clock.instant();
        link.persist();
        outbox.publish(account, new VisitorLinked(visitor, link.linkedAt));
        // the visitor token ends: new chats under it would escape the account's erasure
        revocations.all(visitor, link.linkedAt, RevocationReason.VISITOR_LINKED);
    }
}
