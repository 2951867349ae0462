package dev.confidant.platform.runtime.testapp;

import dev.confidant.platform.events.AccountRegistered;
import dev.confidant.platform.events.DataCategories;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.PersonalDataCreated;
import dev.confidant.platform.runtime.outbox.Outbox;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

/** A business service of the test application: it stores an account and announces it in one transaction. */
@ApplicationScoped
public class TestAccounts {

    @Inject
    Outbox outbox;

    @Inject
    AgroalDataSource dataSource;

    @Transactional
    public EventEnvelope<AccountRegistered> register(UUID subject) {
        insert(subject);
        return outbox.publish(subject, new AccountRegistered(Instant.now(), false));
    }

    /** Stores and announces, then fails: neither the row nor the event may survive. */
    @Transactional
    public void registerThenFail(UUID subject, UUID[] eventId) {
        insert(subject);
        eventId[0] = outbox.publish(subject, new AccountRegistered(Instant.now(), false)).eventId();
        throw new IllegalStateException("business rule broken after the event was written");
    }

    /** Announces {@code count} numbered facts about {@code subject} in one transaction. */
    @Transactional
    public void announce(UUID subject, int from, int count) {
        for (int i = from; i < from + count; i++) {
            outbox.publish(subject, new PersonalDataCreated(DataCategories.CHAT_MESSAGE, "test-db", "seq-" + i,
                    Instant.now(), null));
        }
    }

    private void insert(UUID subject) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO test_account (subject_id) VALUES (?)")) {
            insert.setObject(1, subject);
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
