package dev.confidant.account;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import static dev.confidant.account.AccountApi.freshEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * retention-service's own token (client credentials) and what it opens: account-service's export of one subject for an
 * access request, and nothing a person's role opens.
 */
@QuarkusTest
@SuiteInfrastructure
class ServiceTokenTest {

    static final String CLIENT = "retention-service";
    static final String SECRET = "retention-test-client-secret";

    static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static Response tokenRequest(String authorization, String grantType) {
        return tokenRequest(authorization, grantType, "account-service", UUID.randomUUID().toString());
    }

    static Response tokenRequest(String authorization, String grantType, String audience, String subject) {
        var request = given().contentType("application/x-www-form-urlencoded").formParam("grant_type", grantType);
        if (audience != null) {
            request.formParam("audience", audience);
        }
        if (subject != null) {
            request.formParam("subject", subject);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.post("/api/auth/token");
    }

    @Test
    void aConfiguredServiceGetsAShortLivedTokenForOneOwnerAndOneSubjectWithItsServiceRoleOnly() throws Exception {
        UUID subject = UUID.randomUUID();
        Response response = tokenRequest(basic(CLIENT, SECRET), "client_credentials", "chat-service", subject.toString());
        response.then().statusCode(200).body("token_type", equalTo("Bearer")).body("expires_in", equalTo(120));

        JWTAuthContextInfo context = new JWTAuthContextInfo(
                RestAssured.baseURI + ":" + RestAssured.port + "/.well-known/jwks.json", TestTokens.ISSUER);
        context.setExpectedAudience(Set.of("chat-service"));
        JsonWebToken token = new DefaultJWTParser(context).parse(response.path("access_token"));
        assertEquals(Set.of("chat-service"), token.getAudience());
        assertEquals(subject.toString(), token.getClaim("data_subject"));
        assertEquals(Set.of(Roles.PRIVACY_EXPORT), token.getGroups());
        assertEquals(CLIENT, token.getClaim("client_id"));
        assertEquals(120, token.getExpirationTime() - token.getIssuedAtTime());
        // the same subject every time, derived from the client id, so it is never a person's
        assertEquals(UUID.nameUUIDFromBytes(("service:" + CLIENT).getBytes(StandardCharsets.UTF_8)).toString(),
                token.getSubject());
    }

    @Test
    void wrongSecretsUnknownClientsAndOtherGrantsAreRefused() {
        for (String authorization : new String[]{basic(CLIENT, SECRET + "x"), basic("chat-service", SECRET),
                basic(CLIENT, ""), "Basic not-base64!", "Bearer " + TestTokens.forRole(Roles.DPO), null}) {
            tokenRequest(authorization, "client_credentials").then().statusCode(401)
                    .contentType("application/problem+json").body("access_token", equalTo(null));
        }
        tokenRequest(basic(CLIENT, SECRET), "password").then().statusCode(400)
                .contentType("application/problem+json").body("detail", equalTo("grant_type must be client_credentials"));
        // never an unscoped token: one owner service and one subject, or nothing
        String subject = UUID.randomUUID().toString();
        for (String audience : new String[]{null, "", "confidant", "Chat Service", "a".repeat(64)}) {
            tokenRequest(basic(CLIENT, SECRET), "client_credentials", audience, subject).then().statusCode(400)
                    .contentType("application/problem+json").body("access_token", equalTo(null));
        }
        for (String notASubject : new String[]{null, "", "everyone", "*"}) {
            tokenRequest(basic(CLIENT, SECRET), "client_credentials", "chat-service", notASubject).then()
                    .statusCode(400).contentType("application/problem+json").body("access_token", equalTo(null));
        }
    }

    @Test
    void theServiceTokenFetchesOneSubjectsExportAndPeopleCannot() {
        String email = freshEmail();
        Response login = AccountApi.registeredAndLoggedIn(email);
        String subject = login.path("subjectId");
        String serviceToken = tokenRequest(basic(CLIENT, SECRET), "client_credentials", "account-service", subject)
                .path("access_token");

        given().auth().oauth2(serviceToken).get("/api/privacy/exports/" + subject).then().statusCode(200)
                .body("owner", equalTo("account-service"))
                .body("subjectId", equalTo(subject))
                .body("exportedAt", notNullValue())
                .body("data.account.email", equalTo(email))
                .body("data.securityLog.event", org.hamcrest.Matchers.hasItem(notNullValue()));
        // an unknown subject has an empty export, not someone else's
        UUID unknown = UUID.randomUUID();
        given().auth().oauth2(tokenRequest(basic(CLIENT, SECRET), "client_credentials", "account-service",
                        unknown.toString()).<String>path("access_token"))
                .get("/api/privacy/exports/" + unknown).then().statusCode(200)
                .body("data.account", equalTo(null)).body("data.securityLog", hasSize(0));
        given().auth().oauth2(serviceToken).get("/api/privacy/exports/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");

        // the token opens this one subject's export here, nobody else's, and nothing at another owner's
        given().auth().oauth2(serviceToken).get("/api/privacy/exports/" + unknown).then().statusCode(403)
                .contentType("application/problem+json");
        String forChat = tokenRequest(basic(CLIENT, SECRET), "client_credentials", "chat-service", subject)
                .path("access_token");
        given().auth().oauth2(forChat).get("/api/privacy/exports/" + subject).then().statusCode(401)
                .contentType("application/problem+json");

        // a person, even a DPO or the subject, cannot use the service endpoint; nor can the service use people's
        given().auth().oauth2(login.<String>path("accessToken")).get("/api/privacy/exports/" + subject)
                .then().statusCode(403);
        given().auth().oauth2(TestSubject.withRole(Roles.DPO).token()).get("/api/privacy/exports/" + subject)
                .then().statusCode(403);
        given().auth().oauth2(serviceToken).get("/api/accounts/me").then().statusCode(403);
    }
}
