package dev.confidant.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventSignatureTest {

    private static final Map<String, KeyPair> KEYS = new HashMap<>();
    private static final EventVerifier VERIFIER;
    private static final UUID SUBJECT = UUID.randomUUID();

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

    @ParameterizedTest
    @MethodSource("dev.confidant.platform.events.EventCodecTest#everyType")
    void aRecordSignedByItsProducerVerifies(EventEnvelope<?> envelope) {
        byte[] value = codec.encode(envelope);
        EventSigner.RecordSignature signature = signer(envelope.source()).sign(envelope.topic(), value);

        assertEquals(envelope, verify(envelope.topic(), value, signature));
    }

    @Test
    void oneSignatureCoversABatchAndEachRecordProvesItsPlaceInIt() throws Exception {
        List<EventEnvelope<?>> envelopes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            envelopes.add(i % 2 == 0 ? EventEnvelope.of("chat-service", UUID.randomUUID(), new PersonalDataCreated(
                    DataCategories.CHAT_MESSAGE, "chat-db", "conversation/" + i, Instant.now(), null))
                    : EventEnvelope.of("chat-service", null, new DataOwnerRegistered("chat-service", List.of(),
                    Instant.now(), null)));
        }
        List<EventSigner.Unsigned> batch = envelopes.stream()
                .map(e -> new EventSigner.Unsigned(e.topic(), codec.encode(e))).toList();

        List<EventSigner.RecordSignature> signed = signer("chat-service").sign(batch);

        assertEquals(1, signed.stream().map(EventSigner.RecordSignature::signature).distinct().count());
        for (int i = 0; i < batch.size(); i++) {
            assertEquals(envelopes.get(i), verify(batch.get(i).topic(), batch.get(i).value(), signed.get(i)));
        }
        // a record cannot borrow another's proof
        assertRefused(RefusedEventException.Reason.BAD_SIGNATURE,
                () -> verify(batch.get(2).topic(), batch.get(2).value(), signed.get(4)));
        String[] jws = signed.get(0).signature().split("\\.");
        ObjectMapper json = new ObjectMapper();
        JsonNode header = json.readTree(Base64.getUrlDecoder().decode(jws[0]));
        JsonNode payload = json.readTree(Base64.getUrlDecoder().decode(jws[1]));
        assertEquals("RS256", header.path("alg").asText());
        assertEquals("chat-service", payload.path("iss").asText());
        assertEquals(7, payload.path("size").asInt());
        assertEquals(32, Base64.getUrlDecoder().decode(payload.path("root").asText()).length);
        assertEquals(3, signed.get(0).proof().split("[:.]").length - 1, "three siblings in a tree of seven");
    }

    @Test
    void everyLeafOfEveryTreeSizeFoldsBackToTheRootAndNowhereElse() {
        for (int size = 1; size <= 33; size++) {
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                leaves.add(MerkleTree.leaf("t", ("record " + i).getBytes(StandardCharsets.UTF_8)));
            }
            MerkleTree tree = new MerkleTree(leaves);
            for (int i = 0; i < size; i++) {
                assertArrayEquals(tree.root(), MerkleTree.rootFrom(i, size, leaves.get(i), tree.path(i)),
                        "leaf " + i + " of " + size);
                if (size > 1) {
                    int other = (i + 1) % size;
                    assertFalse(java.util.Arrays.equals(tree.root(),
                            MerkleTree.rootFrom(i, size, leaves.get(other), tree.path(i))));
                }
            }
        }
    }

    @Test
    void anUnsignedRecordIsRefused() {
        byte[] value = codec.encode(visitorLinked("account-service"));

        assertRefused(RefusedEventException.Reason.UNSIGNED, () -> VERIFIER.verify(Topics.ACCOUNTS, value, null, null));
        assertRefused(RefusedEventException.Reason.UNSIGNED,
                () -> VERIFIER.verify(Topics.ACCOUNTS, value, new byte[0], new byte[0]));
    }

    @Test
    void aChangedBodyIsRefused() {
        EventEnvelope<?> envelope = visitorLinked("account-service");
        byte[] value = codec.encode(envelope);
        EventSigner.RecordSignature signature = signer("account-service").sign(Topics.ACCOUNTS, value);
        byte[] changed = new String(value, StandardCharsets.UTF_8)
                .replace(envelope.subjectId().toString(), UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8);

        assertRefused(RefusedEventException.Reason.BAD_SIGNATURE, () -> verify(Topics.ACCOUNTS, changed, signature));
    }

    @Test
    void aBatchVerifiedOnceStillChecksEveryRecordAgainstItsRoot() {
        EventEnvelope<?> envelope = visitorLinked("account-service");
        byte[] value = codec.encode(envelope);
        EventSigner.RecordSignature signature = signer("account-service").sign(Topics.ACCOUNTS, value);
        assertEquals(envelope, verify(Topics.ACCOUNTS, value, signature)); // the batch is now remembered

        byte[] changed = new String(value, StandardCharsets.UTF_8)
                .replace(envelope.subjectId().toString(), UUID.randomUUID().toString()).getBytes(StandardCharsets.UTF_8);
        assertRefused(RefusedEventException.Reason.BAD_SIGNATURE, () -> verify(Topics.ACCOUNTS, changed, signature));
        assertRefused(RefusedEventException.Reason.BAD_SIGNATURE, () -> verify(Topics.CONSENT, value, signature));
        assertEquals(envelope, verify(Topics.ACCOUNTS, value, signature));
    }

    @Test
    void aKeyNobodyTrustsIsRefusedEvenUnderAKnownName() {
        byte[] value = codec.encode(visitorLinked("account-service"));
        EventSigner.RecordSignature forged = new EventSigner("account-service", EventKeys.generate().getPrivate())
                .sign(Topics.ACCOUNTS, value);

        assertRefused(RefusedEventException.Reason.BAD_SIGNATURE, () -> verify(Topics.ACCOUNTS, value, forged));
    }

    @Test
    void anUnknownProducerIsRefused() {
        byte[] value = codec.encode(visitorLinked("account-service"));
        EventSigner.RecordSignature signature = new EventSigner("billing-service", EventKeys.generate().getPrivate())
                .sign(Topics.ACCOUNTS, value);

        assertRefused(RefusedEventException.Reason.UNKNOWN_PRODUCER, () -> verify(Topics.ACCOUNTS, value, signature));
    }

    @Test
    void aServiceCannotSignInAnotherServicesName() {
        // chat-service signs with its own, trusted key an envelope that claims to come from account-service
        byte[] value = codec.encode(visitorLinked("account-service"));
        EventSigner.RecordSignature signature = signer("chat-service").sign(Topics.ACCOUNTS, value);

        assertRefused(RefusedEventException.Reason.IMPERSONATION, () -> verify(Topics.ACCOUNTS, value, signature));
    }

    @Test
    void anyTrustedProducerMayBeADataOwnerButNotIssueCommands() {
        KeyPair survey = EventKeys.generate();
        EventVerifier verifier = new EventVerifier(Map.of("survey-service", List.of(survey.getPublic())));
        EventSigner signer = new EventSigner("survey-service", survey.getPrivate());
        EventEnvelope<?> announcement = EventEnvelope.of("survey-service", null, new DataOwnerRegistered("survey-service",
                List.of(), Instant.now(), null));
        byte[] value = codec.encode(announcement);
        EventSigner.RecordSignature signed = signer.sign(Topics.DATA_OWNERS, value);
        assertEquals(announcement, verifier.verify(Topics.DATA_OWNERS, value, bytes(signed.signature()),
                bytes(signed.proof())));

        EventEnvelope<?> command = EventEnvelope.of("survey-service", SUBJECT,
                new ErasureRequested(UUID.randomUUID(), ErasureOrigin.SUBJECT, Instant.now()));
        byte[] commandValue = codec.encode(command);
        EventSigner.RecordSignature commandSigned = signer.sign(Topics.PRIVACY_COMMANDS, commandValue);
        assertRefused(RefusedEventException.Reason.NOT_A_PRODUCER, () -> verifier.verify(Topics.PRIVACY_COMMANDS,
                commandValue, bytes(commandSigned.signature()), bytes(commandSigned.proof())));
    }

    @Test
    void aWildcardKeyNeverVerifiesANamedProducer() {
        KeyPair wildcard = EventKeys.generate();
        EventVerifier verifier = new EventVerifier(Map.of(
                "account-service", List.of(KEYS.get("account-service").getPublic()),
                EventKeys.ANY_PRODUCER, List.of(wildcard.getPublic())));
        byte[] value = codec.encode(visitorLinked("account-service"));
        EventSigner.RecordSignature signed = new EventSigner("account-service", wildcard.getPrivate())
                .sign(Topics.ACCOUNTS, value);

        assertRefused(RefusedEventException.Reason.BAD_SIGNATURE, () -> verifier.verify(Topics.ACCOUNTS, value,
                bytes(signed.signature()), bytes(signed.proof())));
    }

    @Test
    void aServiceMayProduceOnlyWhatTheMatrixGivesIt() {
        byte[] value = codec.encode(visitorLinked("chat-service"));
        EventSigner.RecordSignature signature = signer("chat-service").sign(Topics.ACCOUNTS, value);

        assertRefused(RefusedEventException.Reason.NOT_A_PRODUCER, () -> verify(Topics.ACCOUNTS, value, signature));
    }

    @Test
    void anAcknowledgementSpeaksOnlyForItsSigner() {
        EventEnvelope<?> envelope = EventEnvelope.of("chat-service", SUBJECT,
                new ErasureCompleted(UUID.randomUUID(), "account-service", List.of(), List.of()));
        byte[] value = codec.encode(envelope);
        EventSigner.RecordSignature signature = signer("chat-service").sign(Topics.PRIVACY_ACKS, value);

        assertRefused(RefusedEventException.Reason.IMPERSONATION, () -> verify(Topics.PRIVACY_ACKS, value, signature));
    }

    @Test
    void aRecordCopiedToAnotherTopicIsRefused() {
        byte[] value = codec.encode(visitorLinked("account-service"));
        EventSigner.RecordSignature signature = signer("account-service").sign(Topics.ACCOUNTS, value);
        EventSigner.RecordSignature signedForAnother = signer("account-service").sign(Topics.CONSENT, value);

        assertRefused(RefusedEventException.Reason.BAD_SIGNATURE, () -> verify(Topics.CONSENT, value, signature));
        assertRefused(RefusedEventException.Reason.WRONG_TOPIC, () -> verify(Topics.CONSENT, value, signedForAnother));
    }

    @Test
    void garbageInTheHeadersIsRefusedAsMalformedOrForged() {
        byte[] value = codec.encode(visitorLinked("account-service"));
        EventSigner.RecordSignature genuine = signer("account-service").sign(Topics.ACCOUNTS, value);
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        for (String signature : List.of("x", "a.b", "..", "e30.e30.AAAA", "bm90IGpzb24.e30.AAAA", none + "."
                + genuine.signature().split("\\.")[1] + ".AAAA")) {
            assertRefused(RefusedEventException.Reason.MALFORMED_SIGNATURE,
                    () -> VERIFIER.verify(Topics.ACCOUNTS, value, bytes(signature), bytes(genuine.proof())));
        }
        for (String proof : List.of("x", "1:", "-1:", "0:AAAA", "99999999999:", "0:!!")) {
            assertRefused(RefusedEventException.Reason.BAD_SIGNATURE,
                    () -> VERIFIER.verify(Topics.ACCOUNTS, value, bytes(genuine.signature()), bytes(proof)));
        }
    }

    @Test
    void aSignedButInvalidEventIsRefusedAsUnreadable() {
        byte[] value = "{\"type\":\"VisitorLinked\"}".getBytes(StandardCharsets.UTF_8);
        EventSigner.RecordSignature signature = signer("account-service").sign(Topics.ACCOUNTS, value);

        assertRefused(RefusedEventException.Reason.UNREADABLE, () -> verify(Topics.ACCOUNTS, value, signature));
    }

    @Test
    void duringARotationBothKeysOfAProducerVerify() {
        KeyPair next = EventKeys.generate();
        String entries = EventKeys.trustedEntry("account-service", KEYS.get("account-service").getPublic()) + ", "
                + EventKeys.trustedEntry("account-service", next.getPublic());
        EventVerifier rotating = new EventVerifier(EventKeys.trusted(entries));
        byte[] value = codec.encode(visitorLinked("account-service"));

        for (EventSigner signer : List.of(signer("account-service"), new EventSigner("account-service", next.getPrivate()))) {
            EventSigner.RecordSignature signed = signer.sign(Topics.ACCOUNTS, value);
            rotating.verify(Topics.ACCOUNTS, value, bytes(signed.signature()), bytes(signed.proof()));
        }
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

    private static EventEnvelope<?> verify(String topic, byte[] value, EventSigner.RecordSignature signature) {
        return VERIFIER.verify(topic, value, bytes(signature.signature()), bytes(signature.proof()));
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
