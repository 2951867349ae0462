package dev.confidant.platform.runtime.security;

import dev.confidant.platform.testing.Management;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A token verified once is not verified again on the next request; a forged variant of it is never let through. */
@QuarkusTest
@SuiteInfrastructure
class VerifiedTokenCacheTest {

    private static double counted(String verification) {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^confidant_security_tokens_total\\{verification=\"" + verification
                + "\"[^}]*} ([0-9.E]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static int me(String token) {
        return given().auth().oauth2(token).get("/test/me").statusCode();
    }

    @Test
    void aTokenIsVerifiedOnceAndThenRemembered() {
        String token = TestTokens.forSubject(UUID.randomUUID(), Roles.USER);
        double verified = counted("verified");
        double remembered = counted("remembered");

        assertEquals(200, me(token));
        assertEquals(200, me(token));
        assertEquals(200, me(token));

        assertEquals(verified + 1, counted("verified"), "verified the first time only");
        assertEquals(remembered + 2, counted("remembered"));
    }

    @Test
    void aForgedVariantOfARememberedTokenIsRefused() {
        UUID subject = UUID.randomUUID();
        String token = TestTokens.forSubject(subject, Roles.USER);
        assertEquals(200, me(token));
        // the same header and claims with another signature, and the same signature on other claims
        String[] parts = token.split("\\.");
        char last = parts[2].charAt(parts[2].length() - 2);
        String otherSignature = parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2)
                + (last == 'A' ? 'B' : 'A') + parts[2].charAt(parts[2].length() - 1);
        String otherClaims = parts[0] + "." + TestTokens.forSubject(subject, Roles.ADMIN).split("\\.")[1] + "."
                + parts[2];
        given().auth().oauth2(otherSignature).get("/test/me").then().statusCode(401)
                .contentType("application/problem+json");
        given().auth().oauth2(otherClaims).get("/test/me").then().statusCode(401)
                .contentType("application/problem+json");
        assertEquals(200, me(token), "the genuine token still works");
    }
}
