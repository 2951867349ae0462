package dev.confidant.consent.service;

import dev.confidant.consent.domain.ConsentActor;
import dev.confidant.consent.domain.ConsentRules;
import dev.confidant.consent.domain.CurrentConsent;
import dev.confidant.consent.domain.Decision;
import dev.confidant.consent.domain.Purpose;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Decisions: is this purpose allowed for this subject now? Purposes and policy versions come from memory; a
 * consent-based purpose costs one indexed row read, never a ledger scan, and none when the subject's state is
 * remembered ({@link ConsentStates}).
 */
@ApplicationScoped
public class Decisions {

    private static final String CURRENT = "SELECT c.granted, c.policy_version, c.policy_effective_at, c.entry_id, "
            + "c.actor, c.changed_at, s.minor FROM (SELECT 1) one "
            + "LEFT JOIN consent_state c ON c.subject_id = ? AND c.purpose = ? "
            + "LEFT JOIN consent_subject s ON s.subject_id = ?";

    @Inject
    PurposeCatalogue purposes;

    @Inject
    PrivacyPolicies policies;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    ConsentStates states;

    /** The decision, or empty when there is no such purpose. */
    public Optional<Decision> decide(UUID subject, String purposeCode) {
        Optional<Purpose> purpose = purposes.find(purposeCode);
        if (purpose.isEmpty()) {
            return Optional.empty();
        }
        if (!purpose.get().needsConsent()) {
            return Optional.of(ConsentRules.decide(purpose.get(), null, false, null));
        }
        ConsentStates.State state = states.of(subject, purposeCode, () -> read(subject, purposeCode));
        return Optional.of(ConsentRules.decide(purpose.get(), state.current(), state.minor(),
                policies.timeline().consentBaseline(clock.instant())));
    }

    private ConsentStates.State read(UUID subject, String purposeCode) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(CURRENT)) {
            statement.setObject(1, subject);
            statement.setString(2, purposeCode);
            statement.setObject(3, subject);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                CurrentConsent current = null;
                if (rs.getObject("granted") != null) {
                    current = new CurrentConsent();
                    current.subjectId = subject;
                    current.purpose = purposeCode;
                    current.granted = rs.getBoolean("granted");
                    current.policyVersion = rs.getString("policy_version");
                    current.policyEffectiveAt = rs.getTimestamp("policy_effective_at").toInstant();
                    current.entryId = rs.getObject("entry_id", UUID.class);
                    current.actor = ConsentActor.valueOf(rs.getString("actor"));
                    current.changedAt = rs.getTimestamp("changed_at").toInstant();
                }
                return new ConsentStates.State(current, rs.getBoolean("minor"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the consent state (SQL state " + e.getSQLState() + ")", e);
        }
    }
}
