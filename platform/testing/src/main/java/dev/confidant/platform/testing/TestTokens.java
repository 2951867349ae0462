package dev.confidant.platform.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * Signs access tokens the way account-service does (RS256, {@code iss}, {@code aud}, {@code sub} = subject UUID,
 * {@code groups}, {@code kid}) with the test key pair in {@code confidant-test-keys/}. Services under test verify
 * them with {@code mp.jwt.verify.publickey.location=confidant-test-keys/public.pem}.
 */
public final class TestTokens {

    /** The issuer the test configuration of every service expects. */
    public static final String ISSUER = "https://confidant.test/account";
    /** The audience the test configuration of every service expects. */
    public static final String AUDIENCE = "confidant";
    /** The key id of the test key. */
    public static final String KEY_ID = "confidant-test-key";

    private static final PrivateKey PRIVATE_KEY = loadPrivateKey();
    /** A second key the services do not trust, for tampering tests. */
    private static final PrivateKey FOREIGN_KEY = generateForeignKey();

    private TestTokens() {
    }

    /** A valid token for a fresh subject with {@code role}. */
    public static String forRole(String role) {
        return forSubject(UUID.randomUUID(), role);
    }

    /** A valid token for {@code subject} with {@code roles}. */
    public static String forSubject(UUID subject, String... roles) {
        return sign(claims(subject, roles));
    }

    /** The claims of a valid 15-minute token, to adjust before {@link #sign(JwtClaimsBuilder)}. */
    public static JwtClaimsBuilder claims(UUID subject, String... roles) {
        Instant now = Instant.now();
        return Jwt.issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject.toString())
                .groups(Set.of(roles))
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofMinutes(15)))
                // a sign-in just now, as after a login: sensitive actions accept it (step-up)
                .claim("auth_time", now.getEpochSecond());
    }

    /**
     * A service token as account-service scopes it for an access request: role privacy-export, valid only at
     * {@code owner} ({@code aud}) and only for {@code dataSubject} ({@code data_subject}).
     */
    public static String privacyExport(String owner, UUID dataSubject) {
        Instant now = Instant.now();
        return sign(Jwt.issuer(ISSUER)
                .audience(owner)
                .subject(UUID.nameUUIDFromBytes("service:retention-service".getBytes(StandardCharsets.UTF_8)).toString())
                .groups(Set.of("privacy-export"))
                .issuedAt(now)
                .expiresAt(now.plus(Duration.ofMinutes(2)))
                .claim("client_id", "retention-service")
                .claim("data_subject", dataSubject.toString()));
    }

    /** Signs with the trusted test key. */
    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId(KEY_ID).sign(PRIVATE_KEY);
    }

    /** A token for {@code role} that expired a minute ago. */
    public static String expired(String role) {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        return sign(claims(UUID.randomUUID(), role).issuedAt(past).expiresAt(past.plus(Duration.ofMinutes(59))));
    }

    /** A token for {@code role} from an issuer the services do not accept. */
    public static String wrongIssuer(String role) {
        return sign(claims(UUID.randomUUID(), role).issuer("https://attacker.example/"));
    }

    /** A well-formed token for {@code role} signed with a key the services do not trust. */
    public static String signedByUnknownKey(String role) {
        return claims(UUID.randomUUID(), role).jws().keyId(KEY_ID).sign(FOREIGN_KEY);
    }

    /** A valid token whose payload was changed after signing (here: {@code role} swapped for {@code admin}). */
    public static String tampered(String role) {
        String[] parts = forRole(role).split("\\.");
        Base64.Decoder decoder = Base64.getUrlDecoder();
        String payload = new String(decoder.decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"" + role + "\"", "\"admin\"");
        parts[1] = Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return String.join(".", parts);
    }

    private static PrivateKey loadPrivateKey() {
        try (InputStream in = TestTokens.class.getResourceAsStream("/confidant-test-keys/private.pem")) {
            if (in == null) {
                throw new IllegalStateException("confidant-test-keys/private.pem is missing from the classpath");
            }
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "")
                    .replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("test private key is unreadable", e);
        }
    }

    private static PrivateKey generateForeignKey() {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPrivate();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
