package dev.confidant.platform.runtime.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem details body, the one error format of every Confidant service
 * ({@code application/problem+json}). It never carries a stack trace, SQL or the rejected values themselves.
 *
 * @param type     a URI naming the kind of problem ({@code https://confidant.dev/problems/...}, see docs/errors.md)
 * @param title    a short, fixed summary of the kind of problem
 * @param status   the HTTP status
 * @param detail   what went wrong in this case, for a person to read
 * @param instance the request path it happened on
 * @param errors   for validation problems: each field and what is wrong with it
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    /** The media type of problem bodies. */
    public static final String MEDIA_TYPE = "application/problem+json";
    /** Where problem type URIs start. */
    public static final String TYPE_BASE = "https://confidant.dev/problems/";

    public Problem {
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    /** One field of a request that failed validation. */
    public record FieldError(String field, String message) {
    }
}
