package dev.confidant.account.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** account-service's rules ({@code confidant.account.*}). */
@ConfigMapping(prefix = "confidant.account")
public interface AccountConfig {

    /** Where people reach this service; the links in mails start with it. */
    @WithDefault("http://localhost:8081")
    String publicUrl();

    /** The sender of every mail. */
    @WithDefault("Confidant <no-reply@confidant.dev>")
    String mailFrom();

    /** The privacy policy as people read it; policy-change mails link to it. */
    @WithDefault("https://confidant.dev/privacy")
    String privacyPolicyUrl();

    /** How often the policy-change mailer looks for work. */
    @WithDefault("5s")
    Duration policyMailInterval();

    /** Account holders mailed per batch (each batch commits its progress). */
    @WithDefault("200")
    int policyMailBatch();

    /**
     * When set and no admin exists yet, an admin account with this address is created at start and mailed a link
     * to choose its password.
     */
    Optional<String> bootstrapAdminEmail();

    /** bcrypt cost (log2 rounds) for new password hashes. */
    @WithDefault("12")
    int bcryptCost();

    /** Under this age registration is refused and nothing is kept. */
    @WithDefault("13")
    int minimumAge();

    /** Under this age (and at or over {@link #minimumAge()}) a guardian must confirm the account. */
    @WithDefault("16")
    int guardianAge();

    /** The guardian age per jurisdiction code where it differs from {@link #guardianAge()}, e.g. {@code FR=15}. */
    Map<String, Integer> guardianAgeByJurisdiction();

    /** The jurisdiction assumed when a registration names none. */
    @WithDefault("EU")
    String defaultJurisdiction();

    /** How long a verification link in a mail stays valid. */
    @WithDefault("P2D")
    Duration verificationLinkTtl();

    /** How long a mailed password-reset link stays valid. */
    @WithDefault("1h")
    Duration passwordResetTtl();

    /** Password-reset requests per client address and minute. */
    @WithDefault("10")
    int passwordResetsPerMinute();

    /**
     * Failed logins within {@link #lockoutWindow()} that lock one email from one client address, or one client
     * address for every email.
     */
    @WithDefault("5")
    int lockoutThreshold();

    /**
     * Failed logins for one email from all addresses within {@link #lockoutWindow()} that lock it for every address
     * it has not signed in from within {@link #knownAddressPeriod()}.
     */
    @WithDefault("20")
    int accountLockoutThreshold();

    /** How long a client address an account holder signed in from stays exempt from the account-wide lock. */
    @WithDefault("P30D")
    Duration knownAddressPeriod();

    /**
     * Login attempts per client address and minute, enough for an office behind one address; the bcrypt bulkhead,
     * not this, keeps a flood from many addresses off the CPU.
     */
    @WithDefault("30")
    int loginsPerMinute();

    /** Registrations per client address and hour. */
    @WithDefault("20")
    int registrationsPerHour();

    /**
     * Mails nobody signed in asked for (verification, "already registered", guardian, password reset) per recipient
     * address and day: whoever types an address cannot flood its mailbox. Over the limit the mail is skipped and the
     * answer stays the same.
     */
    @WithDefault("5")
    int unsolicitedMailsPerRecipientPerDay();

    /** bcrypt runs at once (default: half the cores, at least one); the rest of the CPU stays for other work. */
    OptionalInt passwordChecksAtOnce();

    /** How long a login or registration waits for a bcrypt slot before a 503. */
    @WithDefault("2s")
    Duration passwordCheckWait();

    @WithDefault("15m")
    Duration lockoutWindow();

    @WithDefault("15m")
    Duration lockoutDuration();

    /** Visitor tokens per client address and minute. */
    @WithDefault("30")
    int visitorTokensPerMinute();

    /** Guardian age for a jurisdiction. */
    /**
     * Services that may get their own access token with the client-credentials grant ({@code POST /api/auth/token}),
     * by client id: the hex SHA-256 of their secret and the service roles they get, e.g.
     * {@code confidant.account.service-clients."retention-service".secret-sha256=...} and {@code .roles=privacy-export}.
     */
    Map<String, ServiceClient> serviceClients();

    /** How long a service's access token lasts: one export of one subject, so minutes. */
    @WithDefault("2m")
    Duration serviceTokenTtl();

    /** Password confirmations (step-up) per subject per minute: enough for a person, too few to guess. */
    @WithDefault("5")
    int stepUpsPerMinute();

    /**
     * Service-token requests per client address per minute: each owner export of an access request asks for one
     * (retention-service collects up to 20 exports every 10 s), and a secret still cannot be guessed at this rate.
     */
    @WithDefault("300")
    int serviceTokensPerMinute();

    interface ServiceClient {
        /** Hex SHA-256 of the client secret; the secret itself lives only with the client. Empty: disabled. */
        Optional<String> secretSha256();

        /** Service roles only (see {@code Roles.SERVICES}); a person's role here stops the service at start. */
        List<String> roles();
    }

    default int guardianAgeIn(String jurisdiction) {
        return guardianAgeByJurisdiction().getOrDefault(jurisdiction, guardianAge());
    }
}
