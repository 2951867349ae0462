package dev.confidant.chat;

import dev.confidant.chat.domain.DataKey;
import dev.confidant.chat.service.SubjectKeys;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The key-encryption key rotates without losing a word: the test configuration has just rotated from kek-1 to kek-2.
 * A subject whose key kek-1 wrapped still reads their chat, and the re-wrap job moves the key to kek-2.
 */
@QuarkusTest
@SuiteInfrastructure
class KeyRotationTest {

    @Inject
    SubjectKeys keys;

    private static DataKey retiredKek() {
        String entry = ConfigProvider.getConfig().getValue("confidant.chat.retired-key-encryption-keys", String.class);
        return new DataKey(Base64.getDecoder().decode(entry.substring(entry.indexOf(':') + 1)));
    }

    private static byte[] context(UUID subject) {
        return ("subject-key:" + subject).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] wrapped(UUID subject) throws Exception {
        try (Connection db = ServiceDatabase.connect();
             PreparedStatement select = db.prepareStatement("SELECT wrapped_key FROM subject_key WHERE subject_id = ?")) {
            select.setObject(1, subject);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getBytes(1);
            }
        }
    }

    @Test
    void aKeyWrappedBeforeTheRotationStillReadsAndIsMovedToTheCurrentKek() throws Exception {
        TestSubject user = TestSubject.withRole(Roles.USER);
        String conversation = ConversationTest.open(user, "Written before the rotation").then().statusCode(201)
                .extract().path("conversationId");
        assertEquals("kek-2", ServiceDatabase.text("SELECT kek_id FROM subject_key WHERE subject_id = ?", user.id()),
                "new keys are wrapped by the current key-encryption key");
        // as it was stored before the rotation: the same data key, wrapped by kek-1
        DataKey dataKey = QuarkusTransaction.requiringNew().call(() -> keys.find(user.id()).orElseThrow());
        ServiceDatabase.execute("UPDATE subject_key SET kek_id = 'kek-1', wrapped_key = ? WHERE subject_id = ?",
                retiredKek().encrypt(dataKey.bytes(), context(user.id())), user.id());

        user.request().get("/api/conversations/" + conversation).then().statusCode(200)
                .body("messages[0].text", equalTo("Written before the rotation"));

        assertTrue(keys.rewrap() >= 1);
        assertEquals("kek-2", ServiceDatabase.text("SELECT kek_id FROM subject_key WHERE subject_id = ?", user.id()));
        byte[] rewrapped = wrapped(user.id());
        assertThrows(GeneralSecurityException.class, () -> retiredKek().decrypt(rewrapped, context(user.id())),
                "the retired key opens nothing any more: it can be removed from the configuration");
        assertArrayEquals(dataKey.bytes(), QuarkusTransaction.requiringNew()
                .call(() -> keys.find(user.id()).orElseThrow()).bytes());
        user.request().get("/api/conversations/" + conversation).then().statusCode(200)
                .body("messages[0].text", equalTo("Written before the rotation"));
        assertEquals(0, keys.rewrap(), "nothing left to move");
    }
}
