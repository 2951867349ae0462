package dev.confidant.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import java.util.UUID;

/**
 * Writes and reads {@link EventEnvelope}s as JSON. Reading is strict: any missing, malformed or unknown field,
 * unknown type or newer schema version raises {@link EventFormatException}; it never returns a half-filled object.
 * Thread-safe; share one instance.
 */
public final class EventCodec {

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .build();

    /** The envelope as UTF-8 JSON. */
    public byte[] encode(EventEnvelope<?> envelope) {
        return encodeToString(envelope).getBytes(StandardCharsets.UTF_8);
    }

    /** The envelope as a JSON string. */
    public String encodeToString(EventEnvelope<?> envelope) {
        try {
            return mapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new EventFormatException("cannot write " + envelope.type() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** Reads UTF-8 JSON bytes. */
    public EventEnvelope<?> decode(byte[] json) {
        if (json == null) {
            throw new EventFormatException("event is empty");
        }
        return decode(new String(json, StandardCharsets.UTF_8));
    }

    /** Reads a JSON string into a fully validated envelope. */
    public EventEnvelope<?> decode(String json) {
        if (json == null || json.isBlank()) {
            throw new EventFormatException("event is empty");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new EventFormatException("event is not valid JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ")", e);
        }
        if (!(root instanceof ObjectNode envelope)) {
            throw new EventFormatException("event must be a JSON object");
        }
        for (var names = envelope.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ENVELOPE_FIELDS.contains(name)) {
                throw new EventFormatException("unknown envelope field '" + name + "'");
            }
        }
        String type = text(envelope, "type");
        Class<? extends EventPayload> payloadClass = EventTypes.byName(type)
                .orElseThrow(() -> new EventFormatException("unknown event type '" + type + "'"));
        EventType declared = EventTypes.describe(payloadClass);
        JsonNode versionNode = required(envelope, "schemaVersion");
        if (!versionNode.isInt()) {
            throw new EventFormatException("schemaVersion must be an integer");
        }
        int version = versionNode.intValue();
        if (version < 1 || version > declared.version()) {
            throw new EventFormatException("unsupported schema version " + version + " of " + type
                    + " (this build reads 1.." + declared.version() + ")");
        }
        UUID eventId = uuid(envelope, "eventId", true);
        Instant occurredAt = instant(envelope, "occurredAt");
        String source = text(envelope, "source");
        UUID subjectId = uuid(envelope, "subjectId", declared.subjectScoped());
        UUID correlationId = uuid(envelope, "correlationId", true);
        JsonNode payloadNode = required(envelope, "payload");
        if (!payloadNode.isObject()) {
            throw new EventFormatException("payload of " + type + " must be a JSON object");
        }
        EventPayload payload;
        try {
            payload = mapper.treeToValue(payloadNode, payloadClass);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new EventFormatException("invalid payload of " + type + ": " + rootMessage(e), e);
        }
        try {
            return new EventEnvelope<>(eventId, type, version, occurredAt, source, subjectId, correlationId, payload);
        } catch (RuntimeException e) {
            throw new EventFormatException("invalid " + type + ": " + e.getMessage(), e);
        }
    }

    private static final Set<String> ENVELOPE_FIELDS = Set.of("eventId", "type", "schemaVersion",
            "occurredAt", "source", "subjectId", "correlationId", "payload");

    private static JsonNode required(ObjectNode envelope, String field) {
        JsonNode node = envelope.get(field);
        if (node == null || node.isNull()) {
            throw new EventFormatException("missing envelope field '" + field + "'");
        }
        return node;
    }

    private static String text(ObjectNode envelope, String field) {
        JsonNode node = required(envelope, field);
        if (!node.isTextual() || node.textValue().isBlank()) {
            throw new EventFormatException("envelope field '" + field + "' must be a non-empty string");
        }
        return node.textValue();
    }

    private static UUID uuid(ObjectNode envelope, String field, boolean required) {
        JsonNode node = envelope.get(field);
        if (node == null || node.isNull()) {
            if (required) {
                throw new EventFormatException("missing envelope field '" + field + "'");
            }
            return null;
        }
        try {
            return UUID.fromString(node.asText());
        } catch (IllegalArgumentException e) {
            throw new EventFormatException("envelope field '" + field + "' must be a UUID");
        }
    }

    private static Instant instant(ObjectNode envelope, String field) {
        try {
            return Instant.parse(text(envelope, field));
        } catch (DateTimeParseException e) {
            throw new EventFormatException("envelope field '" + field + "' must be an ISO-8601 instant");
        }
    }

    /** The innermost cause's message: for a record that refused a null, the field name. */
    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        if (cause instanceof NullPointerException) {
            return "missing field '" + cause.getMessage() + "'";
        }
        if (cause instanceof JsonProcessingException jpe) {
            return jpe.getOriginalMessage();
        }
        return cause.getMessage();
    }
}
