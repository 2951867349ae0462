package dev.confidant.platform.testing;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** A fresh subject with a valid token for its role, and requests made as it. */
public record TestSubject(UUID id, String token) {

    public static TestSubject withRole(String role) {
        UUID id = UUID.randomUUID();
        return new TestSubject(id, TestTokens.forSubject(id, role));
    }

    /** A JSON request carrying the subject's token. */
    public RequestSpecification request() {
        return given().auth().oauth2(token).contentType(ContentType.JSON).accept(ContentType.JSON);
    }
}
