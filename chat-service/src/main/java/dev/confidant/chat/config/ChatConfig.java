package dev.confidant.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Optional;

/** chat-service settings ({@code confidant.chat.*}). */
@ConfigMapping(prefix = "confidant.chat")
public interface ChatConfig {

    /**
     * The key-encryption key: 32 bytes, base64, e.g. from a Kubernetes Secret. It wraps every subject's data key.
     * Without it one is generated at start (development only: content written before a restart becomes unreadable).
     */
    Optional<String> keyEncryptionKey();

    /** The name stored with each wrapped key, so a later key can be introduced beside this one. */
    @WithDefault("kek-1")
    String keyEncryptionKeyId();

    /** Longest message accepted, in characters (422 beyond). */
    @WithDefault("4000")
    int maxMessageLength();

    /** Messages one subject may send per minute (429 beyond). */
    @WithDefault("30")
    int messagesPerMinute();

    /** Messages one client address may send per minute (429 beyond). */
    @WithDefault("120")
    int messagesPerMinutePerAddress();

    /** Largest upload accepted (413 beyond). Keep quarkus.http.limits.max-body-size a little above it. */
    @WithDefault("10M")
    io.quarkus.runtime.configuration.MemorySize maxUploadSize();

    /** The filesystem blob store's directory (a PersistentVolume in Kubernetes). */
    @WithDefault("data/chat-blobs")
    String blobDirectory();

    /** Most conversations or messages in one page. */
    @WithDefault("100")
    int maxPageSize();

    Assistant assistant();

    /** Rules that stop prohibited content: rule name → regular expression, matched anywhere in a message. */
    Map<String, String> moderationRules();

    interface Assistant {
        /** Below this full-text rank the best article is too weak a match: the assistant says it is unsure. */
        @WithDefault("0.2")
        double minimumRank();
    }
}
