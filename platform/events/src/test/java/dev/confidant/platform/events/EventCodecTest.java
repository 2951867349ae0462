package dev.confidant.platform.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventCodecTest {

    private static final UUID SUBJECT = UUID.fromString("6f1c2a3e-6a4b-4e33-9d55-0c1f0a7b1c11");
    private static final Instant T = Instant.parse("2026-11-24T10:15:30.123456Z");
    private static final String RECEIPT_SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private final EventCodec codec = new EventCodec();

    /** One envelope of every registered type. */
    static Stream<EventEnvelope<?>> everyType() {
        UUID id = UUID.fromString("0a6a4f1e-2d0c-4b7e-8f3c-6a8f5b2d9e01");
        return Stream.of(
                EventEnvelope.of("chat-service", SUBJECT,
                        new PersonalDataCreated(DataCategories.CHAT_MESSAGE, "chat-db", "conv-1", T, T.plusSeconds(5))),
                EventEnvelope.of("chat-service", SUBJECT,
                        new PersonalDataCreated(DataCategories.CHAT_UPLOAD, "chat-blobs", "file-1", T, null)),
                EventEnvelope.of("chat-service", SUBJECT,
                        new PersonalDataDeleted(DataCategories.CHAT_UPLOAD, "chat-blobs", "file-1", T,
                                DeletionReason.EXPIRY)),
                EventEnvelope.of("retention-service", SUBJECT,
                        new ErasureRequested(id, ErasureOrigin.ACCOUNT_DELETION, T.plus(30, ChronoUnit.DAYS))),
                EventEnvelope.of("retention-service", null,
                        new ExpireRecords(id, DataCategories.CHAT_MESSAGE, T, List.of(SUBJECT))),
                EventEnvelope.of("chat-service", SUBJECT,
                        new ErasureCompleted(id, "chat-service",
                                List.of(new StoreCount("chat-db", DataCategories.CHAT_MESSAGE, 1000, T),
                                        new StoreCount("chat-blobs", DataCategories.CHAT_UPLOAD, 10, T)),
                                List.of(new RetainedData(DataCategories.CONSENT_EVIDENCE, "consent-db",
                                        "legal obligation", "proof of consent, pseudonymous")))),
                EventEnvelope.of("chat-service", null,
                        new ExpiryCompleted(id, "chat-service", DataCategories.CHAT_MESSAGE,
                                List.of(new StoreCount("chat-db", DataCategories.CHAT_MESSAGE, 42, T)))),
                EventEnvelope.of("consent-service", SUBJECT,
                        new ConsentChanged(Map.of("usage-analytics", ConsentState.GRANTED,
                                "promotions", ConsentState.DENIED), "2026-11", id, T)),
                EventEnvelope.of("consent-service", null,
                        new PolicyVersionPublished("2026-12", T, T.plus(30, ChronoUnit.DAYS), true, "new purposes")),
                EventEnvelope.of("account-service", SUBJECT, new AccountRegistered(T, false)),
                EventEnvelope.of("account-service", SUBJECT, new AccountDeletionRequested(T)),
                EventEnvelope.of("account-service", SUBJECT, new AccountDeletionRequested(T, RECEIPT_SHA256)),
                EventEnvelope.of("account-service", SUBJECT, new MinorReportConfirmed(id, T)),
                EventEnvelope.of("account-service", SUBJECT, new VisitorLinked(id, T)),
                EventEnvelope.of("account-service", SUBJECT, new TokensRevoked(T, null, RevocationReason.LOGOUT_EVERYWHERE)),
                EventEnvelope.of("account-service", SUBJECT, new TokensRevoked(T, id, RevocationReason.LOGOUT)),
                EventEnvelope.of("chat-service", null, new DataOwnerRegistered("chat-service",
                        List.of(new OwnedCategory(DataCategories.CHAT_MESSAGE, List.of("chat-db")),
                                new OwnedCategory(DataCategories.CHAT_UPLOAD, List.of("chat-db", "chat-blobs"))), T,
                        "http://chat-service:8080/api/privacy/exports/")));
    }

    @ParameterizedTest
    @MethodSource("everyType")
    void everyTypeSurvivesARoundTrip(EventEnvelope<?> envelope) {
        EventEnvelope<?> decoded = codec.decode(codec.encode(envelope));

        assertEquals(envelope, decoded);
        assertEquals(envelope.topic(), decoded.topic());
        assertEquals(envelope.recordKey(), decoded.recordKey());
    }

    @Test
    void theSamplesCoverEveryRegisteredType() {
        Set<Class<?>> sampled = everyType().map(e -> e.payload().getClass()).collect(Collectors.toSet());
        assertEquals(Set.copyOf(EventTypes.all()), sampled);
    }

    @Test
    void subjectEventsAreKeyedBySubjectAndCategoryCommandsByCategory() {
        var created = EventEnvelope.of("chat-service", SUBJECT,
                new PersonalDataCreated(DataCategories.CHAT_MESSAGE, "chat-db", "c", T, null));
        var expire = EventEnvelope.of("retention-service", null,
                new ExpireRecords(UUID.randomUUID(), DataCategories.CHAT_UPLOAD, T, null));

        assertEquals(SUBJECT.toString(), created.recordKey());
        assertEquals(Topics.PERSONAL_DATA, created.topic());
        assertEquals(DataCategories.CHAT_UPLOAD, expire.recordKey());
        assertEquals(Topics.PRIVACY_COMMANDS, expire.topic());
    }

    @Test
    void theWireFormatIsTheDocumentedEnvelope() {
        String json = codec.encodeToString(EventEnvelope.of("account-service", SUBJECT,
                new AccountDeletionRequested(T, RECEIPT_SHA256)));

        for (String field : List.of("\"eventId\"", "\"type\":\"AccountDeletionRequested\"", "\"schemaVersion\":2",
                "\"occurredAt\"", "\"source\":\"account-service\"", "\"subjectId\":\"" + SUBJECT + "\"",
                "\"correlationId\"", "\"payload\":{\"requestedAt\":\"2026-11-24T10:15:30.123456Z\","
                        + "\"receiptSha256\":\"" + RECEIPT_SHA256 + "\"}")) {
            assertTrue(json.contains(field), () -> json + " lacks " + field);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json",
            "[1,2]",
            "{\"type\":\"AccountDeletionRequested\"",
            "{} trailing"})
    void malformedInputIsRefused(String input) {
        assertThrows(EventFormatException.class, () -> codec.decode(input));
    }

    @Test
    void anUnknownTypeIsNamed() {
        String json = valid().replace("AccountDeletionRequested", "AccountExploded");

        var error = assertThrows(EventFormatException.class, () -> codec.decode(json));
        assertEquals("unknown event type 'AccountExploded'", error.getMessage());
    }

    @Test
    void aVersionOneOwnerRegistrationReadsWithoutAnExportUrl() {
        String v1 = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"DataOwnerRegistered\",\"schemaVersion\":1,"
                + "\"occurredAt\":\"2026-11-24T10:00:00Z\",\"source\":\"chat-service\",\"subjectId\":null,"
                + "\"correlationId\":\"" + UUID.randomUUID() + "\",\"payload\":{\"owner\":"
                + "\"chat-service\",\"categories\":[{\"category\":\"chat.message\",\"stores\":[\"chat-db\"]}],"
                + "\"registeredAt\":\"2026-11-24T10:00:00Z\"}}";

        DataOwnerRegistered decoded = (DataOwnerRegistered) codec.decode(v1).payload();

        assertEquals("chat-service", decoded.owner());
        assertNull(decoded.exportUrl());
    }

    @Test
    void aVersionOneDeletionRequestReadsWithoutAReceipt() {
        AccountDeletionRequested decoded = (AccountDeletionRequested) codec.decode(valid()).payload();

        assertEquals(T, decoded.requestedAt());
        assertNull(decoded.receiptSha256());
    }

    @Test
    void aDeletionRequestCarriesOnlyAReceiptDigest() {
        assertThrows(IllegalArgumentException.class, () -> new AccountDeletionRequested(T, "the-receipt-itself"));
        assertThrows(IllegalArgumentException.class, () -> new AccountDeletionRequested(T,
                RECEIPT_SHA256.toUpperCase()));
    }

    @Test
    void aNewerSchemaVersionIsRefused() {
        String json = valid().replace("\"schemaVersion\":1", "\"schemaVersion\":3");

        var error = assertThrows(EventFormatException.class, () -> codec.decode(json));
        assertTrue(error.getMessage().startsWith("unsupported schema version 3 of AccountDeletionRequested"));
    }

    @Test
    void aMissingEnvelopeFieldIsNamed() {
        String json = valid().replaceFirst("\"correlationId\":\"[^\"]+\",", "");

        var error = assertThrows(EventFormatException.class, () -> codec.decode(json));
        assertEquals("missing envelope field 'correlationId'", error.getMessage());
    }

    @Test
    void aSubjectEventWithoutSubjectIsRefused() {
        String json = valid().replaceFirst("\"subjectId\":\"[^\"]+\",", "");

        var error = assertThrows(EventFormatException.class, () -> codec.decode(json));
        assertEquals("missing envelope field 'subjectId'", error.getMessage());
    }

    @Test
    void aMissingPayloadFieldIsNamedNotHalfFilled() {
        String json = valid().replace("\"requestedAt\":\"2026-11-24T10:15:30.123456Z\",", "");

        var error = assertThrows(EventFormatException.class, () -> codec.decode(json));
        assertTrue(error.getMessage().contains("requestedAt"), error.getMessage());
    }

    @Test
    void unknownFieldsAreRefused() {
        String inPayload = valid().replace("{\"requestedAt\"", "{\"email\":\"a@b.c\",\"requestedAt\"");
        String inEnvelope = valid().replace("{\"eventId\"", "{\"extra\":1,\"eventId\"");

        assertThrows(EventFormatException.class, () -> codec.decode(inPayload));
        var error = assertThrows(EventFormatException.class, () -> codec.decode(inEnvelope));
        assertEquals("unknown envelope field 'extra'", error.getMessage());
    }

    @Test
    void wronglyTypedValuesAreRefused() {
        assertThrows(EventFormatException.class, () -> codec.decode(valid().replace(SUBJECT.toString(), "not-a-uuid")));
        assertThrows(EventFormatException.class, () -> codec.decode(valid().replace("\"schemaVersion\":1",
                "\"schemaVersion\":\"1\"")));
        assertThrows(EventFormatException.class, () -> codec.decode(valid().replace("2026-11-24T10:15:30.123456Z",
                "yesterday")));
    }

    @Test
    void anEnvelopeCannotBeBuiltInconsistently() {
        assertThrows(IllegalArgumentException.class,
                () -> EventEnvelope.of("account-service", null, new AccountDeletionRequested(T)));
        assertThrows(NullPointerException.class, () -> new PersonalDataCreated(null, "db", "r", T, null));
        assertThrows(IllegalArgumentException.class, () -> new StoreCount("db", "c", -1, T));
    }

    private String valid() {
        return codec.encodeToString(new EventEnvelope<>(UUID.randomUUID(), "AccountDeletionRequested", 1, T,
                "account-service", SUBJECT, UUID.randomUUID(), new AccountDeletionRequested(T)));
    }
}
