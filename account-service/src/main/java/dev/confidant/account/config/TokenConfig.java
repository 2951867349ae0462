package dev.confidant.account.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Token issuing ({@code confidant.jwt.*}); the same issuer and audience every service verifies. */
@ConfigMapping(prefix = "confidant.jwt")
public interface TokenConfig {

    @WithDefault("https://confidant.dev/account")
    String issuer();

    @WithDefault("confidant")
    String audience();

    @WithDefault("15m")
    Duration accessTokenTtl();

    @WithDefault("P30D")
    Duration visitorTokenTtl();

    @WithDefault("P30D")
    Duration refreshTokenTtl();

    /** The key that signs new tokens. */
    SigningKeyConfig signingKey();

    /**
     * Earlier signing keys, by their key id (as the JWKS showed it) → public key PEM location. They stay published so
     * their tokens verify until they expire: after a rotation keep the old key here for the longest token lifetime
     * (visitor tokens: 30 days).
     */
    Map<String, String> retiredKeys();

    interface SigningKeyConfig {
        /**
         * A PKCS#8 PEM private key (file path, {@code file:} URI or classpath resource), e.g. from a Kubernetes
         * Secret. Without it a key is generated at start: fine for development, but tokens die with the process.
         */
        Optional<String> location();

        /** The key id ({@code kid}); by default the key's RFC 7638 thumbprint. */
        Optional<String> id();
    }
}
