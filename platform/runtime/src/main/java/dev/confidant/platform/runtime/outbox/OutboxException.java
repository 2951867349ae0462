package dev.confidant.platform.runtime.outbox;

/** The outbox could not record an event; the surrounding transaction must roll back. */
public class OutboxException extends RuntimeException {

    public OutboxException(String message, Throwable cause) {
        super(message, cause);
    }
}
