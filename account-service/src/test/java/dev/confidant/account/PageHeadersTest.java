package dev.confidant.account;

import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages a mailed link opens run only their own script and cannot be framed. */
@QuarkusTest
@SuiteInfrastructure
class PageHeadersTest {

    @Test
    void everyPageAllowsOnlyItsOwnInlineScriptAndNoFraming() throws Exception {
        for (String path : new String[]{"/api/auth/password-reset/form", "/api/accounts/confirm-guardian",
                "/api/accounts/undo-email-change", "/api/accounts/verify-email"}) {
            Response page = given().queryParam("token", UUID.randomUUID().toString()).get(path);
            assertTrue(page.contentType().startsWith("text/html"), path);
            String policy = page.header("Content-Security-Policy");
            assertTrue(policy != null && policy.startsWith("default-src 'none';"), path + ": " + policy);
            assertTrue(policy.contains("frame-ancestors 'none'"), path + ": " + policy);
            assertEquals("DENY", page.header("X-Frame-Options"), path);
            assertEquals("nosniff", page.header("X-Content-Type-Options"), path);
            assertEquals("no-referrer", page.header("Referrer-Policy"), path);
            Matcher script = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(page.asString());
            if (script.find()) {
                String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                        .digest(script.group(1).getBytes(StandardCharsets.UTF_8)));
                assertTrue(policy.contains("script-src 'sha256-" + hash + "'"), path + ": " + policy);
            } else {
                assertTrue(policy.contains("script-src 'none'"), path + ": " + policy);
            }
        }
    }

    @Test
    void theApiCarriesNoPagePolicy() {
        Response api = given().get("/.well-known/jwks.json");
        assertEquals(200, api.statusCode());
        assertNull(api.header("Content-Security-Policy"));
        assertEquals("nosniff", api.header("X-Content-Type-Options"));
    }
}
