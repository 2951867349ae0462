package dev.confidant.platform.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The Kafka topics of the suite. Every record on them is an {@link EventEnvelope} in JSON;
 * the record key is the envelope's {@link EventEnvelope#recordKey() record key}. See {@code docs/events.md}.
 */
public final class Topics {

    /** Facts from data owners: personal data created or deleted. Key: subject id. */
    public static final String PERSONAL_DATA = "confidant.personal-data";
    /** Commands from retention-service: erase a subject, expire records. Key: subject id, or the category for expiry. */
    public static final String PRIVACY_COMMANDS = "confidant.privacy-commands";
    /** Acknowledgements from owners: erasure or expiry done, with counts per store. */
    public static final String PRIVACY_ACKS = "confidant.privacy-acks";
    /** Consent state and policy changes. Key: subject id, or {@code policy} for policy versions. */
    public static final String CONSENT = "confidant.consent";
    /** Account lifecycle: registered, deletion requested, minor report confirmed, visitor linked. Key: subject id. */
    public static final String ACCOUNTS = "confidant.accounts";
    /** Compacted: each service's announcement of the data categories and stores it owns. Key: owner name. */
    public static final String DATA_OWNERS = "confidant.data-owners";

    /**
     * Token revocations from account-service. Key: subject id. Every instance of every service reads all of it from
     * the beginning at start-up, so it is kept longer than any token lives ({@link #KEPT_LONGER}).
     */
    public static final String REVOCATIONS = "confidant.revocations";

    /** Every topic, in the order the devstack creates them. */
    public static final List<String> ALL =
            List.of(PERSONAL_DATA, PRIVACY_COMMANDS, PRIVACY_ACKS, CONSENT, ACCOUNTS, DATA_OWNERS, REVOCATIONS);

    /** Topics kept longer than the default 7 days, and for how long. */
    public static final Map<String, Duration> KEPT_LONGER = Map.of(REVOCATIONS, Duration.ofDays(31));

    /** Partitions of every topic in the devstack and the tests (the Kubernetes sizing is the deployment's). */
    public static final int PARTITIONS = 3;

    /**
     * The topic-level settings a topic is created with, wherever it is created (the devstack, the test broker, the
     * deployment): compaction for {@link #COMPACTED}, retention for {@link #KEPT_LONGER}.
     */
    public static Map<String, String> settings(String topic) {
        if (COMPACTED.contains(topic)) {
            return Map.of("cleanup.policy", "compact");
        }
        if (KEPT_LONGER.containsKey(topic)) {
            return Map.of("retention.ms", Long.toString(KEPT_LONGER.get(topic).toMillis()));
        }
        return Map.of();
    }

    /** Topics whose old records are compacted away per key rather than deleted by age. */
    public static final List<String> COMPACTED = List.of(DATA_OWNERS);

    private Topics() {
    }
}
