package dev.confidant.platform.runtime.signing;

import dev.confidant.platform.events.EventKeys;
import io.quarkus.runtime.LaunchMode;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In production a service without its signing keys refuses to start, instead of generating keys whose signatures stop
 * verifying at the next restart; dev and test keep generating.
 */
class KeysFailClosedTest {

    private static EventSigningConfig events(String signingKey, String trusted) {
        return new EventSigningConfig() {
            public Optional<String> signingKey() {
                return Optional.ofNullable(signingKey);
            }

            public Optional<String> signingKeyLocation() {
                return Optional.empty();
            }

            public Optional<String> trustedKeys() {
                return Optional.ofNullable(trusted);
            }
        };
    }

    @Test
    void productionRefusesToStartWithoutATokenReceiptOrCertificateKey() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> JwsKeySet.load("receipt", Optional.empty(), Optional.empty(), Map.of(), LaunchMode.NORMAL));
        assertTrue(refused.getMessage().contains("no receipt signing key"), refused.getMessage());
        assertNotNull(JwsKeySet.load("receipt", Optional.empty(), Optional.empty(), Map.of(), LaunchMode.DEVELOPMENT)
                .activeKey());
    }

    @Test
    void productionRefusesToStartWithoutAnEventKeyOrWithATestWildcard() {
        assertThrows(IllegalStateException.class,
                () -> EventSignatures.keys(events(null, null), "chat-service", LaunchMode.NORMAL));
        KeyPair pair = EventKeys.generate();
        String trusted = EventKeys.trustedEntry("chat-service", pair.getPublic());
        IllegalStateException wildcard = assertThrows(IllegalStateException.class, () -> EventSignatures.keys(
                events(EventKeys.encode(pair.getPrivate()), trusted + ",*:" + EventKeys.encode(pair.getPublic())),
                "chat-service", LaunchMode.NORMAL));
        assertTrue(wildcard.getMessage().contains("tests only"), wildcard.getMessage());

        EventSignatures.Keys configured = EventSignatures.keys(events(EventKeys.encode(pair.getPrivate()), trusted),
                "chat-service", LaunchMode.NORMAL);
        assertEquals(1, configured.trusted().get("chat-service").size());
        EventSignatures.Keys generated = EventSignatures.keys(events(null, null), "chat-service", LaunchMode.TEST);
        assertEquals(1, generated.trusted().get("chat-service").size(), "a generated key trusts itself");
    }

    @Test
    void aBrokenKeyStopsTheStartWithoutQuotingIt() {
        IllegalStateException broken = assertThrows(IllegalStateException.class, () -> EventSignatures.keys(
                events("bm90LWEta2V5", null), "chat-service", LaunchMode.TEST));
        assertTrue(!broken.getMessage().contains("bm90LWEta2V5"), broken.getMessage());
    }
}
