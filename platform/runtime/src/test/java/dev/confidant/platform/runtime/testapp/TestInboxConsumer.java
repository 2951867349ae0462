package dev.confidant.platform.runtime.testapp;

import dev.confidant.platform.runtime.inbox.Inbox;
import io.agroal.api.AgroalDataSource;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** A consumer of the test application: each event it receives inserts one effect row, once. */
@ApplicationScoped
public class TestInboxConsumer {

    @Inject
    Inbox inbox;

    @Inject
    AgroalDataSource dataSource;

    @Incoming("test-inbox")
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, byte[]> record) {
        inbox.receive("test-consumer", record).ifPresent(envelope -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO test_effect (event_id) VALUES (?)")) {
                insert.setObject(1, envelope.eventId());
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
