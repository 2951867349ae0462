package dev.confidant.platform.testing;

import dev.confidant.platform.events.EventKeys;
import dev.confidant.platform.events.EventSigner;
import dev.confidant.platform.events.Services;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The event signing keys of the services under test, in {@code confidant-test-keys/events/<service>.pem}. The test
 * profile of every service signs with its own and trusts the public keys of all four (platform defaults,
 * {@code %test.confidant.events.*}), so a test can publish as any service would, or as nobody trusted.
 */
public final class TestEventKeys {

    private TestEventKeys() {
    }

    /**
     * Signs as {@code service} does in the test profile; a data owner a test invents signs with the key the test
     * profile trusts for any producer not listed by name.
     */
    public static EventSigner signer(String service) {
        String file = Services.ALL.contains(service) ? service : "any-test-owner";
        try (InputStream in = TestEventKeys.class.getResourceAsStream("/confidant-test-keys/events/" + file + ".pem")) {
            if (in == null) {
                throw new IllegalArgumentException("no test event key for " + service);
            }
            return new EventSigner(service, EventKeys.privateKey(new String(in.readAllBytes(), StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Signs in the name of {@code service} with a fresh key no service trusts. */
    public static EventSigner impostor(String service) {
        return new EventSigner(service, EventKeys.generate().getPrivate());
    }
}
