package dev.confidant.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.confidant.platform.events.ConsentChanged;
import dev.confidant.platform.events.ConsentState;
import dev.confidant.platform.events.EventEnvelope;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.runtime.security.Roles;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import dev.confidant.platform.testing.TestSubject;
import dev.confidant.platform.testing.TopicWriter;
import io.quarkus.test.junit.QuarkusTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web widget as chat-service serves it: its files, their size, its two message catalogues, its configuration,
 * CORS for the pages that embed it, and usage events that are stored only with consent. The browser journeys run
 * against the packaged devstack (WidgetIT).
 */
@QuarkusTest
@SuiteInfrastructure
class WidgetTest {

    private static final String ALLOWED_ORIGIN = "https://shop.example.test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static byte[] fetch(String path) {
        return given().get(path).then().statusCode(200).extract().asByteArray();
    }

    @Test
    void everythingTheWidgetLoadsIsAtMost35KilobytesGzipped() throws IOException {
        long total = 0;
        // the script, its styles, the larger catalogue and the configuration: all a first visit loads
        for (String path : new String[]{"/widget/confidant.js", "/widget/confidant.css", "/widget/messages/zh-CN.json",
                "/widget/config"}) {
            total += gzipped(fetch(path));
        }
        assertTrue(total <= 35 * 1024, "the widget loads " + total + " bytes gzipped");
        given().get("/widget/confidant.js").then().contentType(containsString("javascript"));
    }

    @Test
    void bothCataloguesHoldEveryMessageTheScriptUses() throws IOException {
        JsonNode english = JSON.readTree(fetch("/widget/messages/en.json"));
        JsonNode chinese = JSON.readTree(fetch("/widget/messages/zh-CN.json"));
        assertEquals(keys(english), keys(chinese), "the same keys in both languages");
        String script = new String(fetch("/widget/confidant.js"), StandardCharsets.UTF_8);
        Matcher used = Pattern.compile("\\bt\\('([a-zA-Z]+\\.[a-zA-Z.\\-]+)'").matcher(script);
        int count = 0;
        while (used.find()) {
            count++;
            assertTrue(english.has(used.group(1)), "no message " + used.group(1));
        }
        assertTrue(count > 50, "the script's text comes from the catalogue");
        assertFalse(script.contains("innerHTML") || script.contains("insertAdjacentHTML") || script.contains("eval("),
                "text is never parsed as HTML or code");
        for (String basis : new String[]{"consent", "contract", "legal-obligation", "vital-interests", "public-interest",
                "legitimate-interests"}) {
            assertTrue(english.has("basis." + basis) && chinese.has("basis." + basis), basis);
        }
        for (String purpose : Purposes.SEEDED) {
            assertTrue(chinese.has("purpose." + purpose), "a Chinese name for " + purpose);
        }
    }

    @Test
    void theConfigurationNamesTheOtherServicesAndTheUploadLimits() {
        given().get("/widget/config").then().statusCode(200)
                .body("accountUrl", equalTo("https://accounts.example.test"))
                .body("consentUrl", nullValue())
                .body("maxUploadBytes", equalTo(64 * 1024))
                .body("uploadTypes", hasItem("image/png"));
    }

    @Test
    void theDemoPageIsOffUnlessTurnedOn() {
        given().get("/").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void pagesOfAnAllowedOriginMayCallAndOthersAreRefusedWithNothingStored() throws Exception {
        given().header("Origin", ALLOWED_ORIGIN).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type")
                .options("/api/conversations").then().statusCode(200)
                .header("Access-Control-Allow-Origin", ALLOWED_ORIGIN)
                .header("Access-Control-Allow-Headers", containsString("Authorization"));
        TestSubject visitor = TestSubject.withRole(Roles.VISITOR);
        visitor.request().header("Origin", ALLOWED_ORIGIN).body(Map.of("text", "Which cookies do you use?"))
                .post("/api/conversations").then().statusCode(201)
                .header("Access-Control-Allow-Origin", ALLOWED_ORIGIN)
                .header("Access-Control-Expose-Headers", containsString("Location"));

        // the service's own pages (Swagger UI, forms) send their own origin: same-origin is never refused
        visitor.request().header("Origin", "http://localhost:" + io.restassured.RestAssured.port)
                .body(Map.of("kind", "widget-opened")).post("/api/usage").then().statusCode(200);

        TestSubject other = TestSubject.withRole(Roles.VISITOR);
        given().header("Origin", "https://evil.example.test").header("Access-Control-Request-Method", "POST")
                .options("/api/conversations").then().statusCode(403)
                .header("Access-Control-Allow-Origin", nullValue());
        other.request().header("Origin", "https://evil.example.test").body(Map.of("text", "hello"))
                .post("/api/conversations").then().statusCode(403);
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM conversation WHERE subject_id = ?", other.id()),
                "a refused origin changed nothing");
    }

    @Test
    void widgetUsageIsStoredOnlyWithConsentToUsageAnalytics() throws Exception {
        TestSubject visitor = TestSubject.withRole(Roles.VISITOR);
        visitor.request().body(Map.of("kind", "widget-opened")).post("/api/usage").then().statusCode(200)
                .body("recorded", equalTo(false));
        assertEquals(0, ServiceDatabase.count("SELECT count(*) FROM usage_event WHERE subject_id = ?", visitor.id()));

        TopicWriter.send(EventEnvelope.of("consent-service", visitor.id(), new ConsentChanged(
                Map.of(Purposes.USAGE_ANALYTICS, ConsentState.GRANTED), "1", UUID.randomUUID(), Instant.now())));
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ServiceDatabase.count("SELECT count(*) FROM "
                + "consent_projection WHERE subject_id = ? AND state = 'GRANTED'", visitor.id()) == 1);
        visitor.request().body(Map.of("kind", "widget-opened")).post("/api/usage").then().statusCode(200)
                .body("recorded", equalTo(true));
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM usage_event WHERE subject_id = ? AND kind = "
                + "'widget-opened'", visitor.id()));

        visitor.request().body(Map.of("kind", "https://tracker.example/page?x=1")).post("/api/usage").then()
                .statusCode(422).contentType("application/problem+json");
        assertEquals(1, ServiceDatabase.count("SELECT count(*) FROM usage_event WHERE subject_id = ?", visitor.id()));
        given().contentType("application/json").body(Map.of("kind", "widget-opened")).post("/api/usage").then()
                .statusCode(401);
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            keys.add(names.next());
        }
        return keys;
    }

    private static long gzipped(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.size();
    }
}
