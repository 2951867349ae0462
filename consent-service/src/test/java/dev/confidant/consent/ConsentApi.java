package dev.confidant.consent;

import dev.confidant.platform.events.ConsentChanged;
import dev.confidant.platform.events.EventCodec;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;

import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** What the tests of this service do over and over: act as a subject, a DPO or an auditor, and read results. */
final class ConsentApi {

    static final EventCodec CODEC = new EventCodec();

    private ConsentApi() {
    }

    /** A subject with a token of its own, calling from a client address of its own (limits count per address). */
    record Subject(UUID id, String token) {
        RequestSpecification request() {
            return from(clientNetworkPrefix() + (id.getMostSignificantBits() & 0xff));
        }

        /** The first three octets of the subject's own client address, as the ledger's /24 network shows them. */
        String clientNetworkPrefix() {
            return "10.77." + (id.getLeastSignificantBits() & 0xff) + ".";
        }

        /** The subject's request as if sent from {@code clientAddress} (through the test's trusted proxy). */
        RequestSpecification from(String clientAddress) {
            return given().auth().oauth2(token).header("X-Forwarded-For", clientAddress).contentType(ContentType.JSON)
                    .accept(ContentType.JSON);
        }

        Response choose(Map<String, Object> body) {
            return request().body(body).post("/api/consents/me");
        }

        Response grant(String... purposes) {
            Map<String, Boolean> choices = new java.util.TreeMap<>();
            for (String purpose : purposes) {
                choices.put(purpose, true);
            }
            return choose(Map.of("choices", choices, "method", "settings"));
        }

        Response decision(String purpose) {
            return request().queryParam("subject", id.toString()).queryParam("purpose", purpose).get("/api/decisions");
        }
    }

    static Subject user() {
        UUID id = UUID.randomUUID();
        return new Subject(id, TestTokens.forSubject(id, Roles.USER));
    }

    static Subject visitor() {
        UUID id = UUID.randomUUID();
        return new Subject(id, TestTokens.forSubject(id, Roles.VISITOR));
    }

    static RequestSpecification as(String role) {
        return given().auth().oauth2(TestTokens.forSubject(UUID.randomUUID(), role)).contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    static RequestSpecification as(UUID staff, String role) {
        return given().auth().oauth2(TestTokens.forSubject(staff, role)).contentType(ContentType.JSON)
                .accept(ContentType.JSON);
    }

    /** A moment after every published version's effective time, at least {@code minimum} from now. */
    static Instant nextEffectiveTime(long minimumDays) throws SQLException {
        Instant earliest = Instant.now().plus(minimumDays, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS);
        long latestEpoch = ServiceDatabase.count("SELECT extract(epoch FROM max(effective_at))::bigint FROM policy_version");
        Instant afterLatest = Instant.ofEpochSecond(latestEpoch).plus(1, ChronoUnit.DAYS);
        return earliest.isAfter(afterLatest) ? earliest.truncatedTo(ChronoUnit.SECONDS) : afterLatest;
    }

    static ConsentChanged consentChanged(ConsumerRecord<String, byte[]> record) {
        EventEnvelope<?> envelope = CODEC.decode(record.value());
        return (ConsentChanged) envelope.payload();
    }

    static boolean isConsentChanged(ConsumerRecord<String, byte[]> record, UUID subject) {
        return subject.toString().equals(record.key())
                && CODEC.decode(record.value()).payload() instanceof ConsentChanged;
    }

    /** The receipt's payload, after checking its signature against the published keys. */
    static io.restassured.path.json.JsonPath verifiedReceipt(String jws) throws Exception {
        JsonWebSignature signature = new JsonWebSignature();
        signature.setCompactSerialization(jws);
        JsonWebKeySet keys = new JsonWebKeySet(given().get("/.well-known/jwks.json").then().statusCode(200)
                .extract().asString());
        JsonWebKey key = keys.getJsonWebKeys().stream().filter(k -> k.getKeyId().equals(signature.getKeyIdHeaderValue()))
                .findFirst().orElseThrow(() -> new AssertionError("receipt signed with an unpublished key"));
        signature.setKey(key.getKey());
        if (!signature.verifySignature()) {
            throw new AssertionError("receipt signature does not verify");
        }
        return new io.restassured.path.json.JsonPath(signature.getPayload());
    }
}
