package dev.confidant.platform.devstack;

import dev.confidant.platform.events.EventKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Each service's RSA event signing key, generated once per data directory ({@code keys/<service>-events.key} and
 * {@code .pub}, Base64), and the trusted-keys list every service gets (docs/security.md: signed events).
 */
final class EventSigningKeys {

    private final Map<String, String> privateKeys = new LinkedHashMap<>();
    private final Map<String, String> publicKeys = new LinkedHashMap<>();

    static EventSigningKeys loadOrGenerate(Path dir, List<String> services) throws IOException {
        Files.createDirectories(dir);
        EventSigningKeys keys = new EventSigningKeys();
        for (String service : services) {
            Path privateKey = dir.resolve(service + "-events.key");
            Path publicKey = dir.resolve(service + "-events.pub");
            if (!Files.isRegularFile(privateKey) || !Files.isRegularFile(publicKey)) {
                KeyPair pair = EventKeys.generate();
                Files.writeString(publicKey, EventKeys.encode(pair.getPublic()), StandardCharsets.US_ASCII);
                Files.writeString(privateKey, EventKeys.encode(pair.getPrivate()), StandardCharsets.US_ASCII);
            }
            keys.privateKeys.put(service, Files.readString(privateKey, StandardCharsets.US_ASCII).strip());
            keys.publicKeys.put(service, Files.readString(publicKey, StandardCharsets.US_ASCII).strip());
        }
        return keys;
    }

    /** The signing key of {@code service}. */
    String privateKey(String service) {
        return privateKeys.get(service);
    }

    /** {@code service:publicKey,…} for every service. */
    String trustedKeys() {
        return publicKeys.entrySet().stream().map(entry -> entry.getKey() + ":" + entry.getValue())
                .collect(Collectors.joining(","));
    }
}
