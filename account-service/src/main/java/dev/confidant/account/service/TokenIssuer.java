package dev.confidant.account.service;

import dev.confidant.account.config.TokenConfig;
import dev.confidant.account.domain.Account;
import dev.confidant.account.domain.AccountStatus;
import dev.confidant.account.domain.RefreshToken;
import dev.confidant.account.domain.TokenRevocation;
import dev.confidant.platform.events.Randomness;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.runtime.security.Secrets;
import dev.confidant.platform.runtime.security.ServiceTokens;
import dev.confidant.platform.runtime.signing.JwsKeySet;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

/** Signs access tokens and mints opaque refresh tokens. */
@ApplicationScoped
public class TokenIssuer {

    @Inject
    TokenConfig config;

    @Inject
    JwsKeySet keys;

    @Inject
    Clock clock;

    /** What a login or refresh returns. */
    public record TokenPair(String accessToken, Duration expiresIn, String refreshToken, UUID subjectId) {
    }

    /**
     * A signed access token for {@code account} with its roles, of the login {@code loginId} ({@code sid}, so a
     * logout ends it). {@code iat} has whole seconds and tokens issued up to a revocation's second are refused, so a
     * token issued in that same second is dated one second later.
     */
    public String accessToken(Account account, UUID loginId, Instant authenticatedAt) {
        Instant issuedAt = clock.instant();
        TokenRevocation revocation = TokenRevocation.findById(account.subjectId);
        if (revocation != null) {
            Instant revokedSecond = revocation.revokedBefore.truncatedTo(ChronoUnit.SECONDS);
            if (!issuedAt.truncatedTo(ChronoUnit.SECONDS).isAfter(revokedSecond)) {
                issuedAt = revokedSecond.plusSeconds(1);
            }
        }
        return sign(account.subjectId, account.roles, issuedAt, config.accessTokenTtl(),
                account.status == AccountStatus.AWAITING_GUARDIAN, loginId, authenticatedAt);
    }

    /** A signed token for a new anonymous visitor. */
    public String visitorToken(UUID visitorSubject) {
        return sign(visitorSubject, Set.of(Roles.VISITOR), clock.instant(), config.visitorTokenTtl(), false, null, null);
    }

    /**
     * A token for a service client: its subject is derived from the client id (never a person's), with service roles
     * only and the client id in {@code client_id}. Scoped to one owner service ({@code aud}) and one data subject
     * ({@code data_subject}): the owner refuses it for anything else (docs/security.md: service tokens).
     */
    public String serviceToken(String clientId, Set<String> roles, Duration ttl, String audience, UUID dataSubject) {
        Instant now = clock.instant();
        return Jwt.issuer(config.issuer())
                .audience(audience)
                .subject(UUID.nameUUIDFromBytes(("service:" + clientId).getBytes(StandardCharsets.UTF_8)).toString())
                .groups(Set.copyOf(roles))
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .claim("jti", Randomness.uuid().toString())
                .claim("client_id", clientId)
                .claim(ServiceTokens.DATA_SUBJECT_CLAIM, dataSubject.toString())
                .jws().keyId(keys.activeKeyId())
                .sign(keys.activeKey());
    }

    /** Issues an access token and the first refresh token of a new family (a login). */
    @Transactional(Transactional.TxType.MANDATORY)
    public TokenPair login(Account account) {
        return pair(account, Randomness.uuid(), clock.instant());
    }

    /**
     * Issues an access token and the next refresh token of {@code familyId} (a refresh), for a login that last proved
     * the password at {@code authenticatedAt}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public TokenPair pair(Account account, UUID familyId, Instant authenticatedAt) {
        String refresh = Secrets.generate();
        RefreshToken token = new RefreshToken();
        token.id = Randomness.uuid();
        token.tokenHash = Secrets.hash(refresh);
        token.familyId = familyId;
        token.subjectId = account.subjectId;
        token.issuedAt = clock.instant();
        token.expiresAt = token.issuedAt.plus(config.refreshTokenTtl());
        token.authenticatedAt = authenticatedAt;
        token.persist();
        return new TokenPair(accessToken(account, familyId, authenticatedAt), config.accessTokenTtl(), refresh,
                account.subjectId);
    }

    /** {@code restricted}: a minor's account awaiting a guardian; other services limit what it may do. */
    private String sign(UUID subject, Set<String> roles, Instant now, Duration ttl, boolean restricted, UUID loginId,
                        Instant authenticatedAt) {
        JwtClaimsBuilder claims = Jwt.issuer(config.issuer())
                .audience(config.audience())
                .subject(subject.toString())
                .groups(Set.copyOf(roles))
                .issuedAt(now)
                .expiresAt(now.plus(ttl))
                .claim("jti", Randomness.uuid().toString())
                .claim("restricted", restricted);
        if (loginId != null) {
            claims.claim("sid", loginId.toString());
        }
        if (authenticatedAt != null) {
            claims.claim("auth_time", authenticatedAt.getEpochSecond());
        }
        return claims.jws().keyId(keys.activeKeyId()).sign(keys.activeKey());
    }
}
