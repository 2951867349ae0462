package dev.confidant.platform.runtime.problem;

import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.TestTokens;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
@SuiteInfrastructure
class ProblemDetailsTest {

    private static final String VALID = """
            {"email":"ada@example.com","password":"correct horse battery","age":30,"tags":["a"]}""";

    @Test
    void aValidRequestPasses() {
        given().contentType(ContentType.JSON).body(VALID)
                .when().post("/test/signups")
                .then().statusCode(200).body("status", equalTo("accepted"));
    }

    @Test
    void validationErrorsListEveryField() {
        problem(given().contentType(ContentType.JSON)
                .body("{\"email\":\"not-an-email\",\"password\":\"short\",\"age\":9,\"tags\":[\"\"]}")
                .when().post("/test/signups"), 422, "validation")
                .body("errors.field", containsInAnyOrder("age", "email", "password", "tags[0]"))
                .body("detail", startsWith("Invalid fields:"))
                .body(not(containsString("not-an-email")));
    }

    @Test
    void aMissingBodyIsAValidationError() {
        problem(given().contentType(ContentType.JSON).when().post("/test/signups"), 422, "validation");
    }

    @Test
    void anInvalidQueryParameterIsNamed() {
        problem(given().queryParam("limit", 0).when().get("/test/search"), 422, "validation")
                .body("errors[0].field", equalTo("limit"));
    }

    @Test
    void malformedJsonIsABadRequest() {
        problem(given().contentType(ContentType.JSON).body("{\"email\": ").when().post("/test/signups"), 400,
                "bad-request")
                .body("detail", startsWith("Request body is not valid JSON"));
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        problem(given().contentType(ContentType.JSON)
                .body(VALID.replace("{", "{\"isAdmin\":true,"))
                .when().post("/test/signups"), 400, "bad-request")
                .body("detail", equalTo("Unknown field 'isAdmin'"));
    }

    @Test
    void aWronglyTypedFieldIsNamedWithoutItsValue() {
        problem(given().contentType(ContentType.JSON)
                .body(VALID.replace("30", "\"thirty-secret\""))
                .when().post("/test/signups"), 400, "bad-request")
                .body("detail", containsString("age"))
                .body(not(containsString("thirty-secret")));
    }

    @Test
    void anUnknownRouteIsAProblem() {
        problem(given().when().get("/no/such/route"), 404, "not-found")
                .body("instance", equalTo("/no/such/route"));
    }

    @Test
    void anIdThatIsNotAnIdNamesNothing() {
        UUID id = UUID.randomUUID();
        given().when().get("/test/things/" + id).then().statusCode(200).body("id", equalTo(id.toString()));
        for (String malformed : new String[]{"not-an-id", "1-1-1-1-1", id + "0", "%27%20OR%201%3D1"}) {
            problem(given().when().get("/test/things/" + malformed), 404, "not-found")
                    .body("detail", startsWith("Nothing here"));
        }
    }

    @Test
    void aMalformedIdInTheQueryIsABadRequest() {
        UUID id = UUID.randomUUID();
        given().when().get("/test/things?after=" + id).then().statusCode(200).body("after", equalTo(id.toString()));
        problem(given().when().get("/test/things?after=nope"), 400, "bad-request");
    }

    @Test
    void aWrongMethodIsAProblem() {
        problem(given().when().delete("/test/signups"), 405, "method-not-allowed");
    }

    @Test
    void anUnsupportedContentTypeIsAProblem() {
        problem(given().contentType(ContentType.TEXT).body("hello").when().post("/test/signups"), 415,
                "unsupported-media-type");
    }

    @Test
    void aTooLargeBodyIsAProblem() {
        String huge = VALID.replace("\"a\"", "\"" + "x".repeat(20_000) + "\"");
        problem(given().contentType(ContentType.JSON).body(huge).when().post("/test/signups"), 413,
                "payload-too-large");
    }

    @Test
    void conflictsAndRateLimitsUseTheSameFormat() {
        problem(given().contentType(ContentType.JSON).when().post("/test/conflict"), 409, "conflict")
                .body("detail", equalTo("That email is already taken"));
        problem(given().contentType(ContentType.JSON).when().post("/test/busy"), 429, "too-many-requests")
                .header("Retry-After", "3");
    }

    @Test
    void anUnexpectedFailureRevealsNothing() {
        problem(given().when().get("/test/broken"), 500, "internal")
                .body(not(containsString("SELECT")))
                .body(not(containsString("alice@example.com")))
                .body(not(containsString("IllegalStateException")))
                .body("detail", containsString("error id"));
    }

    @Test
    void theCallerIsTheTokensSubject() {
        UUID subject = UUID.randomUUID();
        given().auth().oauth2(TestTokens.forSubject(subject, Roles.USER))
                .when().get("/test/me")
                .then().statusCode(200)
                .body("subject", equalTo(subject.toString()))
                .body("staff", equalTo(false));
    }

    @Test
    void missingOrInvalidTokensAre401() {
        problem(given().when().get("/test/me"), 401, "unauthorized").header("WWW-Authenticate", "Bearer");
        for (String token : new String[]{TestTokens.expired(Roles.USER), TestTokens.wrongIssuer(Roles.USER),
                TestTokens.tampered(Roles.USER), TestTokens.signedByUnknownKey(Roles.USER), "not-a-jwt"}) {
            problem(given().auth().oauth2(token).when().get("/test/me"), 401, "unauthorized");
        }
    }

    @Test
    void aTokenWithoutTheRoleIs403() {
        problem(given().auth().oauth2(TestTokens.forRole(Roles.USER)).when().get("/test/dpo-only"), 403, "forbidden");
        given().auth().oauth2(TestTokens.forRole(Roles.DPO)).when().get("/test/dpo-only").then().statusCode(200);
    }

    @Test
    void aTokenWhoseSubjectIsNotAnIdIs401() {
        String token = TestTokens.sign(TestTokens.claims(UUID.randomUUID(), Roles.USER).subject("alice"));
        problem(given().auth().oauth2(token).when().get("/test/me"), 401, "unauthorized");
    }

    private static ValidatableResponse problem(io.restassured.response.Response response, int status, String slug) {
        return response.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("type", equalTo(Problem.TYPE_BASE + slug))
                .body("title", not(equalTo(null)))
                .body(not(containsString("\tat ")))
                .body(not(containsString("Exception")));
    }
}
