package dev.confidant.platform.runtime.signing;

import dev.confidant.platform.events.EventKeys;
import dev.confidant.platform.events.EventSigner;
import dev.confidant.platform.events.EventVerifier;
import dev.confidant.platform.runtime.outbox.OutboxConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * This service's event signer (used by the outbox relay) and verifier (used by the inbox), from
 * {@link EventSigningConfig}. Fails the start in production when the signing key is missing: a generated key would
 * sign records no other service trusts.
 */
@ApplicationScoped
public class EventSignatures {

    private static final Logger LOG = Logger.getLogger(EventSignatures.class);

    @Inject
    EventSigningConfig config;

    @Inject
    OutboxConfig outboxConfig;

    private EventSigner signer;
    private EventVerifier verifier;

    @PostConstruct
    void load() {
        Keys keys = keys(config, outboxConfig.source(), LaunchMode.current());
        signer = new EventSigner(outboxConfig.source(), keys.signing());
        verifier = new EventVerifier(keys.trusted());
    }

    /** This service's signing key and the keys it trusts. */
    record Keys(PrivateKey signing, Map<String, List<PublicKey>> trusted) {
    }

    static Keys keys(EventSigningConfig config, String producer, LaunchMode mode) {
        Map<String, List<PublicKey>> trusted = new LinkedHashMap<>();
        try {
            EventKeys.trusted(config.trustedKeys().orElse("")).forEach((name, keys) -> trusted.put(name, new ArrayList<>(keys)));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("confidant.events.trusted-keys: " + e.getMessage());
        }
        if (trusted.containsKey(EventKeys.ANY_PRODUCER) && mode == LaunchMode.NORMAL) {
            throw new IllegalStateException("confidant.events.trusted-keys: a key for any producer (*) is for tests only");
        }
        PrivateKey key;
        if (config.signingKey().isPresent() || config.signingKeyLocation().isPresent()) {
            try {
                key = EventKeys.privateKey(config.signingKey().isPresent() ? config.signingKey().get()
                        : JwsKeySet.read(config.signingKeyLocation().get()));
            } catch (IllegalArgumentException | IOException e) {
                throw new IllegalStateException("the event signing key cannot be loaded: " + e.getMessage());
            }
        } else if (mode == LaunchMode.NORMAL) {
            throw new IllegalStateException("no event signing key: set confidant.events.signing-key "
                    + "(CONFIDANT_EVENTS_SIGNING_KEY); see docs/security.md");
        } else {
            LOG.warn("No event signing key configured: signing with a generated key that only this process trusts");
            KeyPair generated = EventKeys.generate();
            key = generated.getPrivate();
            trusted.computeIfAbsent(producer, name -> new ArrayList<>()).add(generated.getPublic());
        }
        if (!trusted.containsKey(producer)) {
            LOG.warnf("confidant.events.trusted-keys lists no key of %s itself: its own records will be refused",
                    producer);
        }
        return new Keys(key, trusted);
    }

    void atStart(@Observes StartupEvent event) {
        // resolve the keys now, so a missing or bad key stops the start rather than the first event
        signer();
    }

    public EventSigner signer() {
        return signer;
    }

    public EventVerifier verifier() {
        return verifier;
    }
}
