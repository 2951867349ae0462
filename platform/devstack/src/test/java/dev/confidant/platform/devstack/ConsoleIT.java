package dev.confidant.platform.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static dev.confidant.platform.devstack.DevstackHarness.PASSWORD;
import static dev.confidant.platform.devstack.DevstackHarness.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The staff console in Chromium against the running suite: a DPO signs in, sees the open requests with their days
 * left and extends one with a reason; an auditor sees the same list without a control that writes (and the API
 * refuses the write anyway); signing out forgets the session. Screenshots go to target/console-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(2) // on the shared suite, after the widget's journeys and before the privacy journey stops it
class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = DevstackHarness.ROOT.resolve("platform/devstack/target/console-screenshots");

    private DevstackHarness.SharedSuite suite;
    private ChromeDriver browser;

    @BeforeAll
    void joinTheSuite() throws Exception {
        Chromium.assumeInstalled();
        suite = DevstackHarness.SharedSuite.get();
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @Test
    void aDpoExtendsAHeldRequestAndAnAuditorOnlyReadsIt() throws Exception {
        String dpo = suite.staffToken(); // the bootstrap admin: admin, agent and dpo
        String subject = UUID.randomUUID().toString();
        HttpResponse<String> hold = send("POST", retention("/api/holds"), dpo, JSON.writeValueAsString(Map.of(
                "subjectId", subject, "caseReference", "CASE-42", "reason", "litigation")));
        assertEquals(201, hold.statusCode(), hold.body());
        JsonNode request = JSON.readTree(send("POST", retention("/api/requests/erasure"), dpo,
                JSON.writeValueAsString(Map.of("subjectId", subject))).body());
        String id = request.path("id").asText();
        assertEquals("held", request.path("status").asText(), request.toString());

        browser = Chromium.start("en-US", 1280, 860);
        browser.get(account("/console"));
        signIn("admin@confidant.local");
        WebElement row = waitFor(By.cssSelector("tr[data-request='" + id + "']"));
        assertTrue(row.getText().contains("erasure") && row.getText().contains("held"), row.getText());
        Chromium.assertAccessible(browser, "console's request list");
        row.findElement(By.cssSelector("button[data-request='" + id + "']")).click();
        WebElement reason = waitFor(By.id("reason-" + id));
        assertEquals(reason, browser.switchTo().activeElement(), "the reason field takes the focus");
        reason.sendKeys("Owner systems under litigation review");
        Chromium.screenshot(browser, SCREENSHOTS, "1-extend");
        reason.findElement(By.xpath("ancestor::form")).findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElement(By.cssSelector("tr[data-request='" + id + "']")).getText()
                        .contains("Extended: Owner systems under litigation review"));
        assertEquals("The deadline is extended.", browser.findElement(By.id("status")).getText());
        JsonNode extended = JSON.readTree(send("GET", retention("/api/requests/" + id), dpo, null).body());
        assertEquals("Owner systems under litigation review", extended.path("extensionReason").asText());
        Chromium.screenshot(browser, SCREENSHOTS, "2-requests");

        new Select(browser.findElement(By.id("lang"))).selectByValue("zh");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(By.tagName("h1")).getText()
                .equals("未结的数据主体请求"));
        assertEquals("zh-CN", browser.findElement(By.tagName("html")).getAttribute("lang"));
        String zhRow = browser.findElement(By.cssSelector("tr[data-request='" + id + "']")).getText();
        assertTrue(zhRow.contains("删除") && zhRow.contains("已暂停"), zhRow);
        Chromium.screenshot(browser, SCREENSHOTS, "3-requests-zh");
        new Select(browser.findElement(By.id("lang"))).selectByValue("en");

        Object stored = ((JavascriptExecutor) browser).executeScript(
                "return JSON.stringify(Object.assign({}, localStorage)) + JSON.stringify(Object.assign({}, sessionStorage))");
        assertEquals("{}{}", stored, "the tokens live in the page's memory only");
        waitFor(By.id("signout")).click();
        waitFor(By.id("signin"));
        assertEquals("You are signed out.", browser.findElement(By.id("status")).getText());

        // an auditor reads the same list, without the control that writes; the API refuses the write anyway
        String auditor = newStaff("auditor");
        signIn(auditor);
        WebElement asAuditor = waitFor(By.cssSelector("tr[data-request='" + id + "']"));
        assertEquals(0, browser.findElements(By.cssSelector("main button")).size(), asAuditor.getText());
        String auditorToken = DevstackHarness.accessToken(DevstackHarness.login(auditor, PASSWORD,
                suite.ports.account()));
        assertEquals(403, send("POST", retention("/api/requests/" + id + "/extension"), auditorToken,
                "{\"reason\":\"an auditor may not\"}").statusCode());
    }

    @Test
    void anAccountWithoutAStaffRoleIsTurnedAway() throws Exception {
        String email = DevstackHarness.registerAndFollowTheMailedLink(suite.running, suite.ports.account(), "Visitor");
        browser = Chromium.start("en-US", 1280, 860);
        browser.get(account("/console"));
        Chromium.assertAccessible(browser, "console's sign-in");
        signIn(email);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("status")).getText()
                .equals("This account has no staff role."));
        assertEquals(1, browser.findElements(By.id("signin")).size(), "still the sign-in form");
    }

    private void signIn(String email) {
        WebElement field = waitFor(By.id("email"));
        field.clear();
        field.sendKeys(email);
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.cssSelector("#signin button[type=submit]")).click();
    }

    /** An admin invites a staff member with {@code role}, who sets a password from the mailed link. */
    private String newStaff(String role) throws Exception {
        String email = role + "-" + System.nanoTime() + "@confidant.local";
        HttpResponse<String> created = send("POST", account("/api/staff"), suite.staffToken(),
                JSON.writeValueAsString(Map.of("email", email, "displayName", "An " + role, "role", role)));
        assertEquals(201, created.statusCode(), created.body());
        String link = suite.running.mailedLink(email);
        String token = link.substring(link.indexOf("token=") + "token=".length());
        HttpResponse<String> set = send("POST", account("/api/auth/password-reset/confirm"), null,
                JSON.writeValueAsString(Map.of("token", token, "newPassword", PASSWORD)));
        assertEquals(204, set.statusCode(), set.body());
        return email;
    }

    private WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).ignoring(RuntimeException.class)
                .until(d -> {
                    WebElement element = d.findElement(by);
                    return element.isDisplayed() ? element : null;
                });
    }

    private String account(String path) {
        return "http://127.0.0.1:" + suite.ports.account() + path;
    }

    private String retention(String path) {
        return "http://127.0.0.1:" + suite.ports.retention() + path;
    }
}
