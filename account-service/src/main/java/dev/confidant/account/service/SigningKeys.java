package dev.confidant.account.service;

import dev.confidant.account.config.TokenConfig;
import dev.confidant.platform.runtime.signing.JwsKeySet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The token issuer's keys ({@code confidant.jwt.signing-key}, {@code confidant.jwt.retired-keys}). */
@ApplicationScoped
public class SigningKeys {

    @Produces
    @Singleton
    JwsKeySet tokenKeys(TokenConfig config) {
        return JwsKeySet.load("token", config.signingKey().location(), config.signingKey().id(), config.retiredKeys());
    }
}
