package dev.confidant.platform.runtime.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * Plain JDBC statements about one subject, for the erasure and expiry paths that run set-based SQL on the
 * transaction's own connection: every {@code ?} of the statement is bound to the subject.
 */
public final class SubjectRows {

    private SubjectRows() {
    }

    /** The single number a {@code SELECT count(*) …} answers. */
    public static long count(Connection connection, String sql, UUID subject) throws SQLException {
        try (PreparedStatement statement = bound(connection, sql, subject); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** How many rows a {@code DELETE} or {@code UPDATE} changed. */
    public static long update(Connection connection, String sql, UUID subject) throws SQLException {
        try (PreparedStatement statement = bound(connection, sql, subject)) {
            return statement.executeUpdate();
        }
    }

    /** The {@code ?} outside quoted literals: counted here rather than asked of the server (a round trip). */
    static int placeholders(String sql) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == '?' && !quoted) {
                count++;
            }
        }
        return count;
    }

    private static PreparedStatement bound(Connection connection, String sql, UUID subject) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            for (int i = 1; i <= placeholders(sql); i++) {
                statement.setObject(i, subject);
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }
}
