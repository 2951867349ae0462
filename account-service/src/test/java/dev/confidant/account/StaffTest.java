package dev.confidant.account;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.confidant.account.AccountApi.freshClientAddress;
import static dev.confidant.account.AccountApi.freshEmail;
import static dev.confidant.account.AccountApi.from;
import static dev.confidant.account.AccountApi.login;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

@QuarkusTest
@SuiteInfrastructure
class StaffTest {

    private static final String STAFF_PASSWORD = "the agent's own long passphrase";

    @Test
    void anAdminCreatesAnAgentWhoSetsAPasswordByMailAndLogsInWithTheRole() {
        UUID admin = UUID.randomUUID();
        String email = freshEmail();

        String subject = given().auth().oauth2(TestTokens.forSubject(admin, Roles.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("email", email, "displayName", "Agent Smith", "role", "agent"))
                .post("/api/staff").then().statusCode(201)
                .body("roles", contains("agent")).extract().path("subjectId");

        from(freshClientAddress()).body(Map.of("token", AccountApi.linkToken(email, "Your Confidant staff account"),
                "newPassword", STAFF_PASSWORD)).post("/api/auth/password-reset/confirm").then().statusCode(204);
        String token = login(email, STAFF_PASSWORD, freshClientAddress()).then().statusCode(200)
                .extract().path("accessToken");
        given().auth().oauth2(token).get("/api/accounts/me").then().statusCode(200).body("roles", contains("agent"));

        given().auth().oauth2(TestTokens.forRole(Roles.AUDITOR)).get("/api/staff/" + subject + "/role-changes")
                .then().statusCode(200)
                .body("role", contains("agent"))
                .body("action", contains("GRANTED"))
                .body("changedBy", contains(admin.toString()));
    }

    @Test
    void everyRoleChangeIsRecordedWithWhoMadeIt() {
        UUID admin = UUID.randomUUID();
        String adminToken = TestTokens.forSubject(admin, Roles.ADMIN);
        String subject = given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("email", freshEmail(), "displayName", "Dee", "role", "auditor"))
                .post("/api/staff").then().statusCode(201).extract().path("subjectId");

        given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("dpo"), "reason", "moves to the privacy team"))
                .put("/api/staff/" + subject + "/roles").then().statusCode(200).body("roles", contains("dpo"));

        given().auth().oauth2(adminToken).get("/api/staff/" + subject + "/role-changes").then().statusCode(200)
                .body("action", containsInAnyOrder("GRANTED", "GRANTED", "REVOKED"))
                .body("findAll { it.action == 'REVOKED' }.role", contains("auditor"))
                .body("findAll { it.action == 'REVOKED' }.reason", contains("moves to the privacy team"));
        // a change without a reason changes nothing
        given().auth().oauth2(adminToken).contentType(ContentType.JSON).body(Map.of("roles", List.of("agent")))
                .put("/api/staff/" + subject + "/roles").then().statusCode(422)
                .contentType("application/problem+json").body("errors.field", hasItem("reason"));
        given().auth().oauth2(adminToken).get("/api/staff/" + subject + "/role-changes").then().body("size()",
                equalTo(3));
    }

    @Test
    void anAdminListsStaffAndDeactivatesAnAccountWhichSignsInNoMore() {
        UUID admin = UUID.randomUUID();
        String adminToken = TestTokens.forSubject(admin, Roles.ADMIN);
        String email = freshEmail();
        String subject = given().auth().oauth2(adminToken).contentType(ContentType.JSON)
                .body(Map.of("email", email, "displayName", "Gil", "role", "agent"))
                .post("/api/staff").then().statusCode(201).extract().path("subjectId");
        from(freshClientAddress()).body(Map.of("token", AccountApi.linkToken(email, "Your Confidant staff account"),
                "newPassword", STAFF_PASSWORD)).post("/api/auth/password-reset/confirm").then().statusCode(204);
        String address = freshClientAddress();
        String refresh = login(email, STAFF_PASSWORD, address).then().statusCode(200).extract().path("refreshToken");
        given().auth().oauth2(adminToken).get("/api/staff").then().statusCode(200)
                .body("find { it.subjectId == '" + subject + "' }.email", equalTo(email))
                .body("find { it.subjectId == '" + subject + "' }.status", equalTo("active"))
                .body("find { it.subjectId == '" + subject + "' }.roles", contains("agent"));

        given().auth().oauth2(adminToken).contentType(ContentType.JSON).body(Map.of("reason", " "))
                .post("/api/staff/" + subject + "/deactivate").then().statusCode(422);
        given().auth().oauth2(TestTokens.forSubject(admin, Roles.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("reason", "myself")).post("/api/staff/" + admin + "/deactivate").then().statusCode(409);
        given().auth().oauth2(adminToken).contentType(ContentType.JSON).body(Map.of("reason", "left the company"))
                .post("/api/staff/" + subject + "/deactivate").then().statusCode(200)
                .body("status", equalTo("deactivated"));

        login(email, STAFF_PASSWORD, address).then().statusCode(401);
        from(address).body(Map.of("refreshToken", refresh)).post("/api/auth/refresh").then().statusCode(401);
        given().auth().oauth2(adminToken).get("/api/staff/" + subject + "/role-changes").then().statusCode(200)
                .body("findAll { it.action == 'DEACTIVATED' }.reason", contains("left the company"));
        given().auth().oauth2(TestTokens.forRole(Roles.DPO)).get("/api/staff").then().statusCode(403);
        given().auth().oauth2(TestTokens.forRole(Roles.DPO)).contentType(ContentType.JSON)
                .body(Map.of("reason", "x")).post("/api/staff/" + subject + "/deactivate").then().statusCode(403);
    }

    @Test
    void onlyAdminsManageStaffAndOnlyKnownRolesExist() {
        Map<String, String> body = Map.of("email", freshEmail(), "displayName", "Eve", "role", "agent");
        given().auth().oauth2(TestTokens.forRole(Roles.DPO)).contentType(ContentType.JSON).body(body)
                .post("/api/staff").then().statusCode(403);
        given().contentType(ContentType.JSON).body(body).post("/api/staff").then().statusCode(401);
        given().auth().oauth2(TestTokens.forRole(Roles.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("email", freshEmail(), "displayName", "Eve", "role", "visitor"))
                .post("/api/staff").then().statusCode(422).body("errors[0].field", equalTo("roles"));
        given().auth().oauth2(TestTokens.forRole(Roles.USER)).get("/api/staff/" + UUID.randomUUID() + "/role-changes")
                .then().statusCode(403);
    }

    @Test
    void anAdminCannotDropTheirOwnAdminRole() {
        String email = freshEmail();
        UUID creator = UUID.randomUUID();
        String subject = given().auth().oauth2(TestTokens.forSubject(creator, Roles.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("email", email, "displayName", "Root", "role", "admin"))
                .post("/api/staff").then().statusCode(201).extract().path("subjectId");

        given().auth().oauth2(TestTokens.forSubject(UUID.fromString(subject), Roles.ADMIN)).contentType(ContentType.JSON)
                .body(Map.of("roles", List.of("agent"), "reason", "no longer on call")).put("/api/staff/" + subject + "/roles")
                .then().statusCode(409);
    }
}
