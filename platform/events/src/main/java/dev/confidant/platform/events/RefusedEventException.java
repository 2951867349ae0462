package dev.confidant.platform.events;

/**
 * A record a consumer must not act on: not signed, not signed by a trusted key, or signed by a service that may not
 * produce what it carries. The message says which check failed and never quotes the record.
 */
public final class RefusedEventException extends RuntimeException {

    /** Why a record was refused; the {@code reason} tag of the refusal metric. */
    public enum Reason {
        /** No signature header. */
        UNSIGNED("unsigned"),
        /** The header is not a signature this suite writes. */
        MALFORMED_SIGNATURE("malformed-signature"),
        /** The signature names a producer no key is configured for. */
        UNKNOWN_PRODUCER("unknown-producer"),
        /** The signature does not verify with the producer's keys: forged, or the value changed after signing. */
        BAD_SIGNATURE("bad-signature"),
        /** Signed for another topic than the one it was read from. */
        WRONG_TOPIC("wrong-topic"),
        /** Correctly signed but not a valid event. */
        UNREADABLE("unreadable"),
        /** The envelope's source, or the service the payload speaks for, is not the signer. */
        IMPERSONATION("impersonation"),
        /** The producer matrix does not let the signer produce this type. */
        NOT_A_PRODUCER("not-a-producer");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private final Reason reason;

    public RefusedEventException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
