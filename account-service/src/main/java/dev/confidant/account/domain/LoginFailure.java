package dev.confidant.account.domain;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** A failed login, by the email tried (normalised) and the client address it came from. */
@Entity
@Table(name = "login_failure")
public class LoginFailure extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String email;

    @Column(name = "client_address")
    public String clientAddress;

    @Column(name = "failed_at")
    public Instant failedAt;

    /**
     * When the lock on the failures matching {@code where} (a query over {@code email} and {@code clientAddress}
     * with positional parameters) ends, if they lock: the {@code threshold}-th most recent failure within the window
     * makes a lock, which lasts from the latest failure for {@code lockDuration}.
     */
    public static Optional<Instant> lockedUntil(String where, Object[] values, int threshold, Instant since,
                                                Duration lockDuration, Instant now) {
        Object[] parameters = Arrays.copyOf(values, values.length + 1);
        parameters[values.length] = since;
        List<LoginFailure> recent = find(where + " and failedAt > ?" + parameters.length + " order by failedAt desc",
                parameters).page(0, threshold).list();
        if (recent.size() < threshold) {
            return Optional.empty();
        }
        Instant until = recent.get(0).failedAt.plus(lockDuration);
        return until.isAfter(now) ? Optional.of(until) : Optional.empty();
    }
}
