package dev.confidant.platform.runtime.security;

import java.util.Set;

/**
 * The role names carried in the {@code groups} claim of Confidant access tokens. Use them in
 * {@code @RolesAllowed} so a typo is a compile error, not an open endpoint.
 */
public final class Roles {

    /** An anonymous widget user with a visitor token. */
    public static final String VISITOR = "visitor";
    /** A registered end user. */
    public static final String USER = "user";
    /** A support agent who takes handed-off conversations. */
    public static final String AGENT = "agent";
    /** Read-only access to consent evidence, access logs and certificates. */
    public static final String AUDITOR = "auditor";
    /** The data protection officer: policies, retention, holds, data-subject requests. */
    public static final String DPO = "dpo";
    /** Creates staff accounts and assigns roles. */
    public static final String ADMIN = "admin";

    /**
     * A service, not a person: collects a subject's export from each data owner for an access request. Only
     * retention-service holds it, through account-service's client-credentials grant; never assigned to an account.
     */
    public static final String PRIVACY_EXPORT = "privacy-export";

    /** Every role a person's account can hold. */
    public static final Set<String> ALL = Set.of(VISITOR, USER, AGENT, AUDITOR, DPO, ADMIN);
    /** Roles of people who act on data subjects' data for the company; their reads are logged. */
    public static final Set<String> STAFF = Set.of(AGENT, AUDITOR, DPO, ADMIN);
    /** Roles a service client may hold, and no person. */
    public static final Set<String> SERVICES = Set.of(PRIVACY_EXPORT);

    private Roles() {
    }
}
