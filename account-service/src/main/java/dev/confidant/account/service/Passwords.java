package dev.confidant.account.service;

import dev.confidant.account.config.AccountConfig;
import dev.confidant.platform.runtime.security.Secrets;
import io.quarkus.elytron.security.common.BcryptUtil;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** bcrypt hashing and checking; a missing account is checked against a dummy hash so timing reveals nothing. */
@ApplicationScoped
public class Passwords {

    private final int cost;
    private final String dummyHash;

    @Inject
    public Passwords(AccountConfig config) {
        this.cost = config.bcryptCost();
        this.dummyHash = BcryptUtil.bcryptHash(Secrets.generate(), cost);
    }

    public String hash(String password) {
        return BcryptUtil.bcryptHash(password, cost);
    }

    /** Whether {@code password} matches {@code hash}; with a {@code null} hash it spends the same time and fails. */
    public boolean matches(String password, String hash) {
        boolean matches = BcryptUtil.matches(password, hash == null ? dummyHash : hash);
        return hash != null && matches;
    }
}
