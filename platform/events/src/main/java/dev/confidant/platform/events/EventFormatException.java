package dev.confidant.platform.events;

/**
 * Raised when bytes on a topic are not a valid event: malformed JSON, a missing or wrong field,
 * an unknown type or an unsupported schema version. The message says which, without echoing the payload.
 */
public class EventFormatException extends RuntimeException {

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
