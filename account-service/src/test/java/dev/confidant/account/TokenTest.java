package dev.confidant.account;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static dev.confidant.account.AccountApi.freshEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tokens as another service sees them: a verifier configured only from the published JWKS (as the other services
 * are) accepts account-service's tokens and refuses every forgery.
 */
@QuarkusTest
@SuiteInfrastructure
class TokenTest {

    /** The test profile's active signing key (a rotation is in place: the shared test key is retired). */
    private static final String ACTIVE_KEY_ID = "new-key";

    private JWTParser verifier;

    @BeforeEach
    void verifierFromTheJwks() {
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .contentType("application/jwk-set+json")
                .body("keys", hasSize(2))
                .body("keys.kty", everyItem(equalTo("RSA")))
                .body("keys.alg", everyItem(equalTo("RS256")))
                // the active key first, then the retired one, still published so its tokens verify
                .body("keys.kid", equalTo(List.of(ACTIVE_KEY_ID, TestTokens.KEY_ID)));
        // the location every other service is configured with: the JWKS URL
        JWTAuthContextInfo context = new JWTAuthContextInfo(
                RestAssured.baseURI + ":" + RestAssured.port + "/.well-known/jwks.json", TestTokens.ISSUER);
        context.setExpectedAudience(Set.of(TestTokens.AUDIENCE));
        verifier = new DefaultJWTParser(context);
    }

    @Test
    void afterARotationTheNewKeySignsAndTheRetiredKeysTokensStillVerify() throws Exception {
        String visitor = AccountApi.from(AccountApi.freshClientAddress()).post("/api/auth/visitor")
                .then().statusCode(201).extract().path("accessToken");
        String header = new String(Base64.getUrlDecoder().decode(visitor.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"kid\":\"" + ACTIVE_KEY_ID + "\""), header);
        assertEquals(Set.of(Roles.VISITOR), verifier.parse(visitor).getGroups());
        // a token the old key signed before the rotation
        assertEquals(Set.of(Roles.USER), verifier.parse(TestTokens.forRole(Roles.USER)).getGroups());
    }

    @Test
    void aLoginTokenCarriesTheDocumentedClaims() throws Exception {
        String access = AccountApi.registeredAndLoggedIn(freshEmail()).path("accessToken");

        JsonWebToken token = verifier.parse(access);

        assertEquals(TestTokens.ISSUER, token.getIssuer());
        assertEquals(Set.of(TestTokens.AUDIENCE), token.getAudience());
        assertEquals(Set.of(Roles.USER), token.getGroups());
        UUID.fromString(token.getSubject());
        assertEquals(15 * 60, token.getExpirationTime() - token.getIssuedAtTime());
        String header = new String(Base64.getUrlDecoder().decode(access.split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"kid\":\"" + ACTIVE_KEY_ID + "\""), header);
        assertTrue(header.contains("\"alg\":\"RS256\""), header);
    }

    @Test
    void forgedAndStaleTokensAreRefusedByTheJwksVerifierAndTheService() {
        String valid = AccountApi.registeredAndLoggedIn(freshEmail()).path("accessToken");
        String[] parts = valid.split("\\.");
        String algNone = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        String wrongAudience = TestTokens.sign(TestTokens.claims(UUID.randomUUID(), Roles.USER).audience("elsewhere"));

        for (String forged : new String[]{TestTokens.expired(Roles.USER), TestTokens.tampered(Roles.USER), algNone,
                TestTokens.signedByUnknownKey(Roles.USER), TestTokens.wrongIssuer(Roles.USER), wrongAudience}) {
            assertThrows(ParseException.class, () -> verifier.parse(forged));
            given().auth().oauth2(forged).get("/api/accounts/me").then().statusCode(401)
                    .contentType("application/problem+json");
        }
    }

    @Test
    void aVisitorTokenLastsThirtyDaysWithTheVisitorRoleOnly() throws Exception {
        String access = AccountApi.from(AccountApi.freshClientAddress()).post("/api/auth/visitor")
                .then().statusCode(201)
                .body("tokenType", equalTo("Bearer"))
                .body("expiresIn", equalTo(30 * 24 * 3600))
                .extract().path("accessToken");

        JsonWebToken token = verifier.parse(access);

        assertEquals(Set.of(Roles.VISITOR), token.getGroups());
        assertEquals(30L * 24 * 3600, token.getExpirationTime() - token.getIssuedAtTime());
        given().auth().oauth2(access).get("/api/accounts/me").then().statusCode(403);
    }
}
