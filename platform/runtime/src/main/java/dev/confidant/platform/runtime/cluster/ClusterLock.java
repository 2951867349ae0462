package dev.confidant.platform.runtime.cluster;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionManager;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Work that replicas starting together must do one after the other, not at once: seeding the bootstrap admin,
 * importing the help centre. A PostgreSQL advisory lock on the service's database, held on a connection of its own
 * while the work runs and commits its own transactions; the next replica then finds the work done.
 */
@ApplicationScoped
public class ClusterLock {

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionManager transactions;

    /** Runs {@code work} while no other replica runs work under the same name. Not inside a transaction. */
    public void run(String name, Runnable work) {
        try {
            if (transactions.getStatus() != Status.STATUS_NO_TRANSACTION) {
                throw new IllegalStateException("a cluster lock is taken outside a transaction, so that the work "
                        + "commits before it is released");
            }
        } catch (SystemException e) {
            throw new IllegalStateException(e);
        }
        try (Connection connection = dataSource.getConnection()) {
            call(connection, "SELECT pg_advisory_lock(hashtext(?))", name);
            try {
                work.run();
            } finally {
                call(connection, "SELECT pg_advisory_unlock(hashtext(?))", name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the cluster lock " + name + " could not be taken (SQL state "
                    + e.getSQLState() + ")", e);
        }
    }

    private static void call(Connection connection, String sql, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, "confidant:" + name);
            statement.execute();
        }
    }
}
