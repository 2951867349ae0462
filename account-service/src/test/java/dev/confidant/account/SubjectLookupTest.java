package dev.confidant.account;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.confidant.account.AccountApi.freshEmail;
import static dev.confidant.account.AccountApi.registeredAndLoggedIn;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A request by mail or phone: a DPO finds the person's subject id by their address, and the look-up is logged. */
@QuarkusTest
@SuiteInfrastructure
class SubjectLookupTest {

    @Test
    void aDpoFindsASubjectByEmailAndTheLookUpIsLogged() throws Exception {
        String email = freshEmail();
        String subject = registeredAndLoggedIn(email).path("subjectId");
        UUID dpo = UUID.randomUUID();
        given().auth().oauth2(TestTokens.forSubject(dpo, Roles.DPO)).queryParam("email", "  " + email.toUpperCase())
                .get("/api/accounts/lookup").then().statusCode(200).body("subjectId", equalTo(subject))
                .body("status", equalTo("active")).body("roles", contains("user"));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM confidant_staff_access_log WHERE "
                + "staff_subject_id = ? AND data_subject_id = ?::uuid AND purpose = 'find the data subject of a request'",
                dpo, subject));

        given().auth().oauth2(TestTokens.forRole(Roles.DPO)).queryParam("email", "nobody-" + email)
                .get("/api/accounts/lookup").then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forRole(Roles.DPO)).get("/api/accounts/lookup").then().statusCode(422);
        given().auth().oauth2(TestTokens.forRole(Roles.AGENT)).queryParam("email", email)
                .get("/api/accounts/lookup").then().statusCode(403);
        given().auth().oauth2(TestTokens.forRole(Roles.AUDITOR)).queryParam("email", email)
                .get("/api/accounts/lookup").then().statusCode(403);
    }
}
