package dev.confidant.account;

import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** The staff console's page: its own script and styles only, calls to the suite's services only, never framed. */
@QuarkusTest
@SuiteInfrastructure
class ConsoleTest {

    @Test
    void thePageLoadsOnlyItsOwnScriptAndTalksOnlyToTheServices() {
        given().get("/console").then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", allOf(containsString("default-src 'none'"),
                        containsString("script-src 'self';"), containsString("style-src 'self';"),
                        containsString("connect-src 'self' http://chat.test:8080 http://retention.test:8083 ws://chat.test:8080;"),
                        containsString("frame-ancestors 'none'"), not(containsString("unsafe"))))
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .body(containsString("<script src=\"/console-assets/console.js\" defer></script>"),
                        not(containsString("<script>")));
        given().get("/console-assets/console.js").then().statusCode(200)
                .contentType(containsString("javascript")).body(containsString("'use strict'"),
                        not(containsString("localStorage.setItem")), not(containsString("sessionStorage")));
        given().get("/console-assets/console.css").then().statusCode(200).contentType(containsString("text/css"));
    }

    @Test
    void itIsToldWhereTheOtherServicesAre() {
        given().accept("application/json").get("/console/config").then().statusCode(200)
                .body("retentionUrl", equalTo("http://retention.test:8083")).body("consentUrl", nullValue())
                .body("chatUrl", equalTo("http://chat.test:8080"));
    }
}
