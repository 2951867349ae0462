package dev.confidant.account.service;

import dev.confidant.account.domain.EmailAddress;
import dev.confidant.account.domain.PasswordPolicy;
import dev.confidant.platform.runtime.problem.Problem;
import dev.confidant.platform.runtime.problem.ProblemException;

import java.util.Optional;

/** The account rules on submitted emails and passwords, as field errors of a 422. */
final class FieldRules {

    private FieldRules() {
    }

    /** The normalised address, or a 422 naming {@code field}. */
    private static final String EMAIL_RULE = "must be a valid email address";

    /** A reason an admin gives for a change to a staff account: required, at most 1,000 characters. */
    static String reason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 1000) {
            throw ProblemException.invalidField("reason", "is required (at most 1000 characters): say why");
        }
        return reason.strip();
    }

    static String email(String raw, String field) {
        return EmailAddress.normalise(raw).orElseThrow(() -> ProblemException.invalidField(field, EMAIL_RULE));
    }

    static Optional<Problem.FieldError> emailError(String raw, String field) {
        return EmailAddress.normalise(raw).isPresent() ? Optional.empty()
                : Optional.of(new Problem.FieldError(field, EMAIL_RULE));
    }

    /** A 422 naming {@code field} unless {@code password} meets the policy. */
    static void password(String password, String field) {
        passwordError(password, field).ifPresent(error -> {
            throw ProblemException.invalidField(error.field(), error.message());
        });
    }

    static Optional<Problem.FieldError> passwordError(String password, String field) {
        return PasswordPolicy.problem(password).map(problem -> new Problem.FieldError(field, problem));
    }
}
