package dev.confidant.account;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.confidant.account.AccountApi.freshEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** After a rotation the new key signs and the old one, still published, keeps its tokens valid. */
@QuarkusTest
@SuiteInfrastructure
@TestProfile(KeyRotationTest.Rotated.class)
class KeyRotationTest {

    public static class Rotated implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // the new key's id defaults to its thumbprint; the old one keeps the id its tokens carry
            return Map.of(
                    "confidant.jwt.signing-key.location", "rotation/new-private.pem",
                    "confidant.jwt.signing-key.id", "new-key",
                    "confidant.jwt.retired-keys.\"" + TestTokens.KEY_ID + "\"", "confidant-test-keys/public.pem");
        }
    }

    @Test
    void theNewKeySignsAndTheRetiredKeyStillVerifies() throws Exception {
        List<String> kids = given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys", hasSize(2)).extract().path("keys.kid");
        JWTAuthContextInfo context = new JWTAuthContextInfo(
                RestAssured.baseURI + ":" + RestAssured.port + "/.well-known/jwks.json", TestTokens.ISSUER);
        context.setExpectedAudience(Set.of(TestTokens.AUDIENCE));
        DefaultJWTParser verifier = new DefaultJWTParser(context);

        AccountApi.register(freshEmail()).then().statusCode(202);
        String visitorToken = AccountApi.from(AccountApi.freshClientAddress()).post("/api/auth/visitor")
                .then().statusCode(201).extract().path("accessToken");
        String newKid = kid(visitorToken);
        assertEquals(kids.get(0), newKid, "the active key comes first");
        assertNotEquals(TestTokens.KEY_ID, newKid);
        assertEquals(Set.of(Roles.VISITOR), verifier.parse(visitorToken).getGroups());

        assertEquals(List.of("new-key", TestTokens.KEY_ID), kids);
        // a token the old key signed before the rotation
        assertEquals(Set.of(Roles.USER), verifier.parse(TestTokens.forRole(Roles.USER)).getGroups());
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return header.replaceAll(".*\"kid\":\"([^\"]+)\".*", "$1");
    }
}
