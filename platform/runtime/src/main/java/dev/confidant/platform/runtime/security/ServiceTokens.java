package dev.confidant.platform.runtime.security;

/**
 * What a service token is, in one place for the three parties that handle one: account-service issues it with the
 * OAuth 2.0 client-credentials grant (RFC 6749 §4.4), retention-service asks for one per export (through
 * quarkus-oidc-client), and every data owner's export endpoint checks it. A token is scoped to one owner service
 * ({@code aud}) and one data subject ({@link #DATA_SUBJECT_CLAIM}) and carries service roles only.
 */
public final class ServiceTokens {

    /** The token request's form parameter naming the one service the token is for (its {@code aud}). */
    public static final String AUDIENCE_PARAMETER = "audience";

    /** The token request's form parameter naming the one data subject the token is for. */
    public static final String SUBJECT_PARAMETER = "subject";

    /** The claim naming the one data subject a service token is for. */
    public static final String DATA_SUBJECT_CLAIM = "data_subject";

    private ServiceTokens() {
    }
}
