package dev.confidant.chat.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;
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

    /**
     * Earlier key-encryption keys, still able to unwrap what they wrapped: {@code id:base64} entries separated by
     * commas. After a rotation the re-wrap job moves every subject key to the current one; then an entry can go.
     */
    Optional<String> retiredKeyEncryptionKeys();

    /** How often subject keys still wrapped by a retired key-encryption key are re-wrapped with the current one. */
    @WithDefault("1h")
    java.time.Duration rewrapEvery();

    /**
     * How many subjects' unwrapped data keys are remembered in memory, so a message costs no read of its key; each is
     * forgotten on every replica when the key is destroyed (0: read the database every time).
     */
    @WithDefault("10000")
    int rememberedKeys();

    /** How many subjects' consent states (from the projection) are remembered in memory (0: read every time). */
    @WithDefault("10000")
    int rememberedConsents();

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

    /** Where uploaded files are kept: {@code filesystem} (the blob directory) or {@code s3} (object storage). */
    @WithDefault("filesystem")
    String blobStore();

    /** The S3-compatible object store, when {@code blob-store} is {@code s3}. */
    S3 s3();

    interface S3 {
        /** The bucket, created beforehand (the service never creates or deletes buckets). */
        Optional<String> bucket();

        /** An S3-compatible server's URL (MinIO, Ceph, …); unset: AWS's endpoint for the region. */
        Optional<java.net.URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        /** The bucket in the path rather than the host name, as S3-compatible servers expect. */
        @WithDefault("true")
        boolean pathStyle();

        /** Static credentials (a Secret); unset: the SDK's default chain (environment, web identity, instance). */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }

    /** Most conversations or messages in one page. */
    @WithDefault("100")
    int maxPageSize();

    Assistant assistant();

    /** How much one subject may upload in 24 hours (429 beyond). */
    UploadQuota uploadQuota();

    interface UploadQuota {
        @WithDefault("50")
        int filesPerDay();

        @WithDefault("100M")
        io.quarkus.runtime.configuration.MemorySize bytesPerDay();
    }

    /** Limits of the live connections ({@code /ws/conversations/{id}}). */
    Socket socket();

    interface Socket {
        /** Open connections one client address may hold; one more is closed at once (1008). */
        @WithDefault("100")
        int connectionsPerAddress();

        /** Frames of any kind one connection may send per minute; beyond, it is closed (1008). */
        @WithDefault("120")
        int framesPerMinute();

        /**
         * A connection from which nothing has come for this long (no frame, no pong to the server's pings every
         * {@code quarkus.websockets-next.server.auto-ping-interval}) is closed (1001).
         */
        @WithDefault("2m")
        java.time.Duration idleTimeout();
    }

    /** The agents' desk. */
    Agents agents();

    interface Agents {
        /**
         * Conversations one agent may hold at once; taking one more is refused (409) until they close one or hand
         * it back.
         */
        @WithDefault("5")
        int maxOpen();
    }

    /** When people can reach a human, and where replies by email come from. */
    Support support();

    interface Support {
        /**
         * Support hours in {@link #timeZone()}, e.g. {@code MON-FRI 09:00-17:00} (several ranges separated by
         * {@code ;}). Unset: always open, as long as an agent is online.
         */
        Optional<String> hours();

        @WithDefault("UTC")
        java.time.ZoneId timeZone();

        /** An agent counts as online for this long after their last request at the desk. */
        @WithDefault("5m")
        java.time.Duration presenceWindow();

        /** The sender of replies by email. */
        @WithDefault("Confidant support <support@confidant.dev>")
        String mailFrom();
    }

    /** The web widget chat-service serves at /widget/. */
    Widget widget();

    interface Widget {
        /**
         * account-service's URL as browsers reach it. Unset: the same base URL as chat-service (one ingress host for
         * every API). The devstack sets one per service, as each has its own port.
         */
        Optional<String> accountUrl();

        /** consent-service's URL as browsers reach it; unset: chat-service's base URL. */
        Optional<String> consentUrl();

        /** retention-service's URL as browsers reach it; unset: chat-service's base URL. */
        Optional<String> retentionUrl();

        /** Serve the demo host page at / (the devstack turns it on). */
        @WithDefault("false")
        boolean demoPage();
    }

    /** An optional language model behind the assistant. */
    Llm llm();

    interface Llm {
        /**
         * The base URL of an OpenAI-compatible chat-completions API (…/v1). Unset: the assistant answers from the
         * knowledge base alone.
         */
        Optional<String> baseUrl();

        /** Its API key (a Secret). */
        Optional<String> apiKey();

        @WithDefault("gpt-4o-mini")
        String model();

        /**
         * How long one call may take, in milliseconds: the HTTP client's read timeout and the fault-tolerance timeout
         * of {@code LanguageModelProvider} (application.properties wires both to this).
         */
        @WithDefault("8000")
        int timeoutMillis();
    }

    /** Rules that stop prohibited content: rule name → regular expression, matched anywhere in a message. */
    Map<String, String> moderationRules();

    interface Assistant {
        /**
         * Whether questions and articles are compared by dense embeddings computed in-process (two small models for
         * English and one for Chinese, loaded at start). Off: full-text search alone, and no model in memory.
         */
        @WithDefault("true")
        boolean embeddings();

        /**
         * Below this similarity (the mean cosine of the language's models, per language) the best article is too weak
         * a match: the assistant says it is unsure and offers a human. Calibrated on the development question set and
         * question sets of our own (docs/chat.md).
         */
        Thresholds minimumSimilarity();

        /**
         * How much the closest sentence of an article counts in its similarity to a question, against the whole
         * article (0: the whole article alone). A question usually asks what one sentence answers; the whole article
         * alone blurs it among the rest (docs/chat.md).
         */
        @WithDefault("0.2")
        double sentenceWeight();

        /** How much a full-text match adds to the dense similarity (0: dense only). */
        @WithDefault("0.02")
        double lexicalWeight();

        /** With embeddings off: below this full-text rank (0–1) the assistant says it is unsure. */
        @WithDefault("0.1")
        double minimumRank();

        /**
         * Where the tokenizer's native library is unpacked (DJL_CACHE_DIR); must be writable. Unset: DJL's default
         * under the user's home. Set it in containers with a read-only root filesystem.
         */
        Optional<String> nativeCacheDirectory();

        /**
         * A directory of Markdown articles with front matter ({@code *.md}) imported at start, updating by slug and
         * language (the devstack points it at the sample help centre when there is one).
         */
        Optional<java.nio.file.Path> importDirectory();

        /**
         * For each purpose that rests on consent, the words (a regular expression, case-insensitive) that name it in
         * a request to withdraw it: "I don't want analytics" offers to withdraw {@code analytics.usage}.
         */
        Map<String, String> consentWords();

        /**
         * Names of other companies' products: a question naming one is answered only from an article that mentions
         * it too, else the assistant is unsure (docs/chat.md).
         */
        OtherProductNames otherProducts();
    }

    /** Other companies' products the assistant does not answer about from articles that do not mention them. */
    interface OtherProductNames {
        /** Whether the names that ship with the service apply ({@code other-products.txt}). */
        @WithDefault("true")
        boolean builtIn();

        /** More names, such as competitors', comma-separated. */
        Optional<List<String>> names();
    }

    /** A similarity per language. */
    interface Thresholds {
        @WithDefault("0.515")
        double en();

        @WithDefault("0.48")
        double zh();

        default double of(String lang) {
            return "zh".equals(lang) ? zh() : en();
        }
    }
}
