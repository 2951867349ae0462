package dev.confidant.platform.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventSignatureTest {

    private static final Map<String, KeyPair> KEYS = new HashMap<>();
    private static final EventVerifier VERIFIER;

    static {
        Map<String, List<PublicKey>> trusted = new HashMap<>();
        for (String service : Services.ALL) {
            KeyPair pair = EventKeys.generate();
            KEYS.put(service, pair);
            trusted.put(service, List.of(pair.getPublic()));
        }
        VERIFIER = new EventVerifier(trusted);
    }

    private final EventCodec codec = new EventCodec();

    private static EventSigner signer(String service) {
        return new EventSigner(service, KEYS.get(service).getPrivate());
    }

    private static final UUID SUBJECT = UUID.randomUUID();

    @ParameterizedTest
    @MethodSource("dev.confidant.platform.events.EventCodecTest#everyType")
    void aRecordSignedByItsProducerVerifies(EventEnvelope<?> envelope) {
        byte[] value = codec.encode(envelope);
        String signature = signer(envelope.source()).sign(envelope.topic(), value);

        EventEnvelope<?> read = VERIFIER.verify(envelope.topic(), value, bytes(signature));

        assertEquals(envelope, read);
    }

    @Test
    void theSignatureIsADetachedJwsWithAnUnencodedPayload() {
        byte[] value = codec.encode(visitorLinked("account-service"));
        String signature = signer("account-service").sign(Topics.ACCOUNTS, value);

        String[] parts = signature.split("\\.", -1);
        assertEquals(3, parts.length);
        assertEquals("", parts[1]);
        assertEquals("{\"alg\":\"EdDSA\",\"b64\":false,\"crit\":[\"b64\"],\"iss\":\"account-service\","
                + "\"topic\":\"confidant.accounts\"}", new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
        assertEquals(64, Base64.getUrlDecoder().decode(parts[2]).length);
    }

    @Test
    void anUnsignedRecordIsRefused() {
        byte[] value = codec.encode(visitorLinked("account-service"));

        assertRefused(RefusedEventException.Reason.UNSIGNED, () -> VERIFIER.verify(Topics.ACCOUNTS, value, null));
        assertRefused(RefusedEventException.Reason.UNSIGNED, () -> VERIFIER.verify(Topics.ACCOUNTS, value, new byte[0]));
    }

    @Test
    void aChangedBodyIsRefused() {
        EventEnvelope<?> envelope = visitorLinked("account-service");
        byte[] value = codec.encode(envelope);
        String signature = signer("account-service").sign(Topics.ACCOUNTS, value);
        byte[] changed = new String(value, StandardCharsets.UTF_8)
                .replace(envelope.subjectId().toString(), UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8);

        assertRefused(RefusedEventException.Reason.BAD_SIGNATURE,
                () -> VERIFIER.verify(Topics.ACCOUNTS, changed, bytes(signature)));
    }

    @Test
    void aKeyNobodyTrustsIsRefusedEvenUnderAKnownName() {
        byte[] value = codec.encode(visitorLinked("account-service"));
        String forged = new EventSigner("account-service", EventKeys.generate().getPrivate()).sign(Topics.ACCOUNTS, value);

        assertRefused(RefusedEventException.Reason.BAD_SIGNATURE,
                () -> VERIFIER.verify(Topics.ACCOUNTS, value, bytes(forged)));
    }

    @Test
    void anUnknownProducerIsRefused() {
        byte[] value = codec.encode(visitorLinked("account-service"));
        String signature = new EventSigner("billing-service", EventKeys.generate().getPrivate()).sign(Topics.ACCOUNTS, value);

        assertRefused(RefusedEventException.Reason.UNKNOWN_PRODUCER,
                () -> VERIFIER.verify(Topics.ACCOUNTS, value, bytes(signature)));
    }

    @Test
    void aServiceCannotSignInAnotherServicesName() {
        // chat-service signs with its own, trusted key an envelope that claims to come from account-service
        byte[] value = codec.encode(visitorLinked("account-service"));
        String signature = signer("chat-service").sign(Topics.ACCOUNTS, value);

        assertRefused(RefusedEventException.Reason.IMPERSONATION,
                () -> VERIFIER.verify(Topics.ACCOUNTS, value, bytes(signature)));
    }

    @Test
    void anyTrustedProducerMayBeADataOwnerButNotIssueCommands() {
        KeyPair survey = EventKeys.generate();
        Map<String, List<PublicKey>> trusted = new HashMap<>();
        trusted.put("survey-service", List.of(survey.getPublic()));
        EventVerifier verifier = new EventVerifier(trusted);
        EventSigner signer = new EventSigner("survey-service", survey.getPrivate());
        EventEnvelope<?> announcement = EventEnvelope.of("survey-service", null, new DataOwnerRegistered("survey-service",
                List.of(), Instant.now(), null));
        byte[] value = codec.encode(announcement);
        assertEquals(announcement, verifier.verify(Topics.DATA_OWNERS, value, bytes(signer.sign(Topics.DATA_OWNERS, value))));

        EventEnvelope<?> command = EventEnvelope.of("survey-service", SUBJECT,
                new ErasureRequested(UUID.randomUUID(), ErasureOrigin.SUBJECT, Instant.now()));
        byte[] commandValue = codec.encode(command);
        assertRefused(RefusedEventException.Reason.NOT_A_PRODUCER, () -> verifier.verify(Topics.PRIVACY_COMMANDS,
                commandValue, bytes(signer.sign(Topics.PRIVACY_COMMANDS, commandValue))));
    }

    @Test
    void aWildcardKeyNeverVerifiesANamedProducer() {
        KeyPair wildcard = EventKeys.generate();
        Map<String, List<PublicKey>> trusted = new HashMap<>();
        trusted.put("account-service", List.of(KEYS.get("account-service").getPublic()));
        trusted.put(EventKeys.ANY_PRODUCER, List.of(wildcard.getPublic()));
        EventVerifier verifier = new EventVerifier(trusted);
        byte[] value = codec.encode(visitorLinked("account-service"));

        assertRefused(RefusedEventException.Reason.BAD_SIGNATURE, () -> verifier.verify(Topics.ACCOUNTS, value,
                bytes(new EventSigner("account-service", wildcard.getPrivate()).sign(Topics.ACCOUNTS, value))));
    }

    @Test
    void aServiceMayProduceOnlyWhatTheMatrixGivesIt() {
        byte[] value = codec.encode(visitorLinked("chat-service"));
        String signature = signer("chat-service").sign(Topics.ACCOUNTS, value);

        assertRefused(RefusedEventException.Reason.NOT_A_PRODUCER,
                () -> VERIFIER.verify(Topics.ACCOUNTS, value, bytes(signature)));
    }

    @Test
    void anAcknowledgementSpeaksOnlyForItsSigner() {
        EventEnvelope<?> envelope = EventEnvelope.of("chat-service", SUBJECT,
                new ErasureCompleted(UUID.randomUUID(), "account-service", List.of(), List.of()));
        byte[] value = codec.encode(envelope);
        String signature = signer("chat-service").sign(Topics.PRIVACY_ACKS, value);

        assertRefused(RefusedEventException.Reason.IMPERSONATION,
                () -> VERIFIER.verify(Topics.PRIVACY_ACKS, value, bytes(signature)));
    }

    @Test
    void aRecordCopiedToAnotherTopicIsRefused() {
        byte[] value = codec.encode(visitorLinked("account-service"));
        String signature = signer("account-service").sign(Topics.ACCOUNTS, value);
        String signedForAnother = signer("account-service").sign(Topics.CONSENT, value);

        assertRefused(RefusedEventException.Reason.WRONG_TOPIC,
                () -> VERIFIER.verify(Topics.CONSENT, value, bytes(signature)));
        assertRefused(RefusedEventException.Reason.WRONG_TOPIC,
                () -> VERIFIER.verify(Topics.CONSENT, value, bytes(signedForAnother)));
    }

    @Test
    void garbageInTheHeaderIsRefusedAsMalformed() {
        byte[] value = codec.encode(visitorLinked("account-service"));
        for (String header : List.of("x", "a.b.c", "..", "e30..AAAA", "bm90IGpzb24..AAAA",
                Base64.getUrlEncoder().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "..AAAA")) {
            assertRefused(RefusedEventException.Reason.MALFORMED_SIGNATURE,
                    () -> VERIFIER.verify(Topics.ACCOUNTS, value, bytes(header)));
        }
    }

    @Test
    void aSignedButInvalidEventIsRefusedAsUnreadable() {
        byte[] value = "{\"type\":\"VisitorLinked\"}".getBytes(StandardCharsets.UTF_8);
        String signature = signer("account-service").sign(Topics.ACCOUNTS, value);

        assertRefused(RefusedEventException.Reason.UNREADABLE,
                () -> VERIFIER.verify(Topics.ACCOUNTS, value, bytes(signature)));
    }

    @Test
    void duringARotationBothKeysOfAProducerVerify() {
        KeyPair next = EventKeys.generate();
        String entries = EventKeys.trustedEntry("account-service", KEYS.get("account-service").getPublic()) + ", "
                + EventKeys.trustedEntry("account-service", next.getPublic());
        EventVerifier rotating = new EventVerifier(EventKeys.trusted(entries));
        byte[] value = codec.encode(visitorLinked("account-service"));

        rotating.verify(Topics.ACCOUNTS, value, bytes(signer("account-service").sign(Topics.ACCOUNTS, value)));
        rotating.verify(Topics.ACCOUNTS, value, bytes(new EventSigner("account-service", next.getPrivate())
                .sign(Topics.ACCOUNTS, value)));
    }

    @Test
    void keysReadFromTheirConfiguredForms() {
        KeyPair pair = EventKeys.generate();
        String pem = "-----BEGIN PRIVATE KEY-----\n" + EventKeys.encode(pair.getPrivate()) + "\n-----END PRIVATE KEY-----\n";

        assertArrayEquals(pair.getPrivate().getEncoded(), EventKeys.privateKey(pem).getEncoded());
        assertArrayEquals(pair.getPublic().getEncoded(), EventKeys.publicKey(EventKeys.encode(pair.getPublic())).getEncoded());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> EventKeys.trusted("chat-service:bm90IGEga2V5"));
        assertTrue(bad.getMessage().contains("chat-service"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EventKeys.trusted("no-colon-here"));
    }

    @Test
    void everyTypeNamesItsProducersAndEveryProducerIsAService() {
        List<String> unknown = new ArrayList<>();
        for (Class<? extends EventPayload> type : EventTypes.all()) {
            String[] producers = EventTypes.describe(type).producers();
            assertTrue(producers.length > 0, type.getSimpleName() + " names no producer");
            for (String producer : producers) {
                if (!Services.ALL.contains(producer) && !producer.equals(Services.ANY_OWNER)) {
                    unknown.add(type.getSimpleName() + ": " + producer);
                }
            }
        }
        assertEquals(List.of(), unknown);
    }

    private static EventEnvelope<?> visitorLinked(String source) {
        return EventEnvelope.of(source, SUBJECT, new VisitorLinked(UUID.randomUUID(), Instant.now()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertRefused(RefusedEventException.Reason reason, Runnable check) {
        RefusedEventException refused = assertThrows(RefusedEventException.class, check::run);
        assertEquals(reason, refused.reason(), refused.getMessage());
    }
}
