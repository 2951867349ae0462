package dev.confidant.platform.runtime.problem;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown by services to answer with a specific problem: the mapper turns it into {@code application/problem+json}.
 * Use the factories so that the same situation gets the same type and title everywhere.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String slug;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final Duration retryAfter;
    private final String wwwAuthenticate;

    public ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors,
                            Duration retryAfter) {
        this(status, slug, title, detail, errors, retryAfter, null);
    }

    private ProblemException(int status, String slug, String title, String detail, List<Problem.FieldError> errors,
                             Duration retryAfter, String wwwAuthenticate) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfter = retryAfter;
        this.wwwAuthenticate = wwwAuthenticate;
    }

    /**
     * 401 for a sensitive action whose token does not prove a sign-in within {@code maxAge}: the step-up challenge of
     * RFC 9470 ({@code WWW-Authenticate: Bearer error="insufficient_user_authentication", max_age=…}). The client
     * confirms the password (account-service {@code POST /api/auth/step-up}) and retries with the token it gets.
     */
    public static ProblemException stepUpRequired(String detail, Duration maxAge) {
        return new ProblemException(401, "step-up-required", "Fresh sign-in required", detail, null, null,
                "Bearer error=\"insufficient_user_authentication\", max_age=" + maxAge.toSeconds());
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail, null, null);
    }

    /** 422 listing every invalid field, in the same form as Bean Validation failures. */
    public static ProblemException invalidFields(List<Problem.FieldError> errors) {
        return new ProblemException(422, "validation", "Validation failed", invalidFieldsDetail(errors), errors, null);
    }

    /** 422 for one invalid field. */
    public static ProblemException invalidField(String field, String message) {
        return invalidFields(List.of(new Problem.FieldError(field, message)));
    }

    /** {@code Invalid fields: a, b}: the detail of every validation problem. */
    static String invalidFieldsDetail(List<Problem.FieldError> errors) {
        return "Invalid fields: " + errors.stream().map(Problem.FieldError::field).distinct()
                .collect(Collectors.joining(", "));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail, null, null);
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "not-found", "Not found", detail, null, null);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail, null, null);
    }

    /** 410: it existed and is gone for good, e.g. a download past its retention. */
    public static ProblemException gone(String detail) {
        return new ProblemException(410, "gone", "Gone", detail, null, null);
    }

    public static ProblemException payloadTooLarge(String detail) {
        return new ProblemException(413, "payload-too-large", "Payload too large", detail, null, null);
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(415, "unsupported-media-type", "Unsupported media type", detail, null, null);
    }

    /** 429 with a {@code Retry-After} header of {@code retryAfter} (rounded up to whole seconds). */
    public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
        return new ProblemException(429, "too-many-requests", "Too many requests", detail, null, retryAfter);
    }

    /** 503 with a {@code Retry-After} header: the service is busy, the request changed nothing. */
    public static ProblemException serviceUnavailable(String detail, Duration retryAfter) {
        return new ProblemException(503, "service-unavailable", "Service unavailable", detail, null, retryAfter);
    }

    public int status() {
        return status;
    }

    public Problem toProblem(String instance) {
        return new Problem(Problem.TYPE_BASE + slug, title, status, getMessage(), instance, errors);
    }

    /** The {@code WWW-Authenticate} challenge to send, or {@code null}. */
    public String wwwAuthenticate() {
        return wwwAuthenticate;
    }

    /** Seconds to wait before retrying, for 429 and 503; {@code null} otherwise. */
    public Long retryAfterSeconds() {
        if (retryAfter == null) {
            return null;
        }
        long millis = retryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}
