package dev.confidant.platform.runtime.owner;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The personal-data categories this service owns and where it keeps them, e.g.
 * {@code confidant.data-owner.categories."account.profile"=account-db}. Announced at start-up on the compacted
 * data-owners topic, so retention-service knows whose acknowledgement an erasure needs.
 */
@ConfigMapping(prefix = "confidant.data-owner")
public interface DataOwnerConfig {

    /** Category → stores. Empty: this service owns no personal data and announces nothing. */
    Map<String, List<String>> categories();

    /**
     * Where other services reach this one inside the cluster, e.g. {@code http://chat-service:8080}. With it, and a
     * {@link SubjectExport}, the announcement names this service's export endpoint for access requests.
     */
    Optional<String> url();
}
