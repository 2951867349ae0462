package dev.confidant.account.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.confidant.account.domain.Account;
import dev.confidant.account.domain.MinorReport;
import dev.confidant.account.domain.RoleChange;
import dev.confidant.account.service.TokenIssuer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What this service's endpoints answer: every response body, in one place. Request bodies stay with the resource that
 * reads them, as records with Bean Validation.
 */
public final class Views {

    private Views() {
    }

    /** The same answer whether or not the address already had an account. */
    public record RegistrationAccepted(String status, boolean guardianConfirmationRequired, String message) {
    }

    /** An access token that proves a sign-in just now ({@code auth_time}); no refresh token. */
    public record StepUpToken(String accessToken, String tokenType, long expiresIn) {
    }

    /** Tokens after a login or refresh. {@code expiresIn} is the access token's lifetime in seconds. */
    public record Tokens(String accessToken, String tokenType, long expiresIn, String refreshToken, UUID subjectId) {
        static Tokens of(TokenIssuer.TokenPair pair) {
            return new Tokens(pair.accessToken(), "Bearer", pair.expiresIn().toSeconds(), pair.refreshToken(),
                    pair.subjectId());
        }
    }

    /** A visitor's token: no refresh token, it lasts {@code expiresIn} seconds. */
    public record VisitorTokens(String accessToken, String tokenType, long expiresIn, UUID subjectId) {
    }

    /** An OAuth 2.0 token response (RFC 6749 §5.1). */
    public record ServiceToken(@JsonProperty("access_token") String accessToken,
                               @JsonProperty("token_type") String tokenType,
                               @JsonProperty("expires_in") long expiresIn) {
    }

    public record ReportView(UUID id, UUID subjectId, String details, MinorReport.Status status, Instant reportedAt,
                             UUID decidedBy, Instant decidedAt) {
        static ReportView of(MinorReport report) {
            return new ReportView(report.id, report.subjectId, report.details, report.status, report.reportedAt,
                    report.decidedBy, report.decidedAt);
        }
    }

    public record RoleChangeView(String role, String action, UUID changedBy, Instant changedAt, String reason) {
        static RoleChangeView of(RoleChange change) {
            return new RoleChangeView(change.role, change.action, change.changedBy, change.changedAt, change.reason);
        }
    }

    /** Whose account an email address is, for a DPO: no profile beyond what a request needs. */
    public record SubjectFound(UUID subjectId, String status, Instant createdAt, List<String> roles) {
        static SubjectFound of(Account a) {
            return new SubjectFound(a.subjectId, a.status.name().toLowerCase().replace('_', '-'), a.createdAt,
                    a.roles.stream().sorted().toList());
        }
    }

    /** A staff account as admins manage it. */
    public record StaffView(UUID subjectId, String email, String displayName, List<String> roles,
                            String status, Instant createdAt, Instant lastActiveAt) {
        static StaffView of(Account a) {
            return new StaffView(a.subjectId, a.email, a.displayName, a.roles.stream().sorted().toList(),
                    a.status.name().toLowerCase().replace('_', '-'), a.createdAt, a.lastActiveAt);
        }
    }
}
