package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.platform.runtime.problem.ProblemException;
import dev.confidant.platform.runtime.security.Secrets;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * bcrypt hashing and checking; a missing account is checked against a dummy hash so timing reveals nothing.
 * <p>
 * Every bcrypt run takes a permit of a bulkhead sized to half the cores (at least one): a login or registration
 * flood from many addresses, each within its rate limit, can then use no more than that share of the CPU, and
 * the rest stays free for chat and for the requests that need no hash. A run that waits longer than
 * {@code confidant.account.password-check-wait} for a permit is refused with 503 and changes nothing.
 */
@ApplicationScoped
public class Passwords {

    private final int cost;
    private final String dummyHash;
    private final Semaphore permits;
    private final Duration wait;

    @Inject
    public Passwords(AccountConfig config) {
        this(config.bcryptCost(), config.passwordChecksAtOnce()
                .orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)), config.passwordCheckWait());
    }

    Passwords(int cost, int atOnce, Duration wait) {
        this.cost = cost;
        this.dummyHash = BcryptUtil.bcryptHash(Secrets.generate(), cost);
        this.permits = new Semaphore(atOnce, true);
        this.wait = wait;
    }

    public String hash(String password) {
        return bounded(() -> BcryptUtil.bcryptHash(password, cost));
    }

    /** Whether {@code password} matches {@code hash}; with a {@code null} hash it spends the same time and fails. */
    public boolean matches(String password, String hash) {
        boolean matches = bounded(() -> BcryptUtil.matches(password, hash == null ? dummyHash : hash));
        return hash != null && matches;
    }

    private <T> T bounded(Supplier<T> work) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw ProblemException.serviceUnavailable("Too many sign-ins at the moment; try again in a few seconds.",
                    Duration.ofSeconds(2));
        }
        try {
            return work.get();
        } finally {
            permits.release();
        }
    }
}
