package dev.confidant.platform.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * refuses the write anyway); signing out forgets the session. An agent takes a conversation a visitor handed off in
 * the widget (a second browser), reads it live, uses suggested answers and saved replies, replies (the visitor sees
 * it live) and hands it back. Screenshots go to target/console-screenshots/.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(2) // on the shared suite, after the widget's journeys and before the privacy journey stops it
class ConsoleIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCREENSHOTS = DevstackHarness.ROOT.resolve("platform/devstack/target/console-screenshots");

    private DevstackHarness.SharedSuite suite;
    private ChromeDriver browser;
    private ChromeDriver visitor;

    @BeforeAll
    void joinTheSuite() throws Exception {
        Chromium.assumeInstalled();
        suite = DevstackHarness.SharedSuite.get();
    }

    @AfterEach
    void closeTheBrowser(TestInfo test) throws Exception {
        if (browser != null) {
            // what the page showed at the end, to read when a test fails
            Chromium.screenshot(browser, SCREENSHOTS, "last-" + test.getTestMethod().map(m -> m.getName()).orElse("test"));
            browser.quit();
            browser = null;
        }
        if (visitor != null) {
            visitor.quit();
            visitor = null;
        }
    }

    /** An element of the widget (in its shadow root) in the visitor's browser. */
    private WebElement widget(String css) {
        return new WebDriverWait(visitor, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d -> {
            WebElement element = d.findElement(By.cssSelector("confidant-widget")).getShadowRoot()
                    .findElement(By.cssSelector(css));
            return element.isDisplayed() ? element : null;
        });
    }

    private WebElement widgetButton(String text) {
        return new WebDriverWait(visitor, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElement(By.cssSelector("confidant-widget")).getShadowRoot().findElements(By.cssSelector("button"))
                        .stream().filter(b -> b.isDisplayed() && b.getText().trim().equals(text)).findFirst()
                        .orElse(null));
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
        waitFor(By.linkText("Requests")).click(); // the admin is an agent too: the desk is the first page
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

        // a request by phone: the DPO finds the person by their address and asks for a copy of their data
        String caller = DevstackHarness.registerAndFollowTheMailedLink(suite.running, suite.ports.account(), "Ravi");
        browser.findElement(By.id("lookup-email")).sendKeys(caller);
        browser.findElement(By.cssSelector("#lookup-form button[type=submit]")).click();
        String person = waitFor(By.cssSelector("#lookup-result [data-subject]")).getAttribute("data-subject");
        browser.findElement(By.id("request-access")).click();
        String said = new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d -> {
            String text = d.findElement(By.id("status")).getText();
            return text.startsWith("Access requested: request ") ? text : null;
        });
        String made = said.substring("Access requested: request ".length(), said.length() - 1);
        JsonNode access = JSON.readTree(send("GET", retention("/api/requests/" + made), dpo, null).body());
        assertEquals("access", access.path("type").asText(), access.toString());
        assertEquals(person, access.path("subjectId").asText(), access.toString());
        browser.findElement(By.id("lookup-email")).sendKeys("nobody-" + caller);
        browser.findElement(By.cssSelector("#lookup-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElement(By.id("lookup-result")).getText().equals("No account has this address."));

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
        assertEquals(0, browser.findElements(By.cssSelector("main button[data-request], #lookup-form")).size(),
                asAuditor.getText());
        String auditorToken = DevstackHarness.accessToken(DevstackHarness.login(auditor, PASSWORD,
                suite.ports.account()));
        assertEquals(403, send("POST", retention("/api/requests/" + id + "/extension"), auditorToken,
                "{\"reason\":\"an auditor may not\"}").statusCode());
    }

    @Test
    void anAgentTakesAConversationAVisitorHandedOffAndTheVisitorSeesTheReplyLive() throws Exception {
        String agentEmail = newStaff("agent");
        browser = Chromium.start("en-US", 1400, 1100);
        browser.get(account("/console"));
        signIn(agentEmail);
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("live")).getText()
                .equals("Live"));
        Chromium.assertAccessible(browser, "agents' desk");

        // a visitor on the demo page asks for a human: the agent is at the desk, so it queues
        visitor = Chromium.start("en-US", 1280, 860);
        visitor.get("http://127.0.0.1:" + suite.ports.chat() + "/");
        widget("button.launcher").click();
        widgetButton("Necessary only").click();
        WebElement input = widget("textarea.input");
        input.sendKeys("My parcel has not arrived.");
        input.sendKeys(Keys.ENTER);
        widget("article.message.assistant:not(.streaming)");
        widgetButton("Talk to a human").click();
        new WebDriverWait(visitor, Duration.ofSeconds(30)).ignoring(RuntimeException.class).until(d ->
                widget(".log").getText().contains("support agent"));
        String conversation = (String) ((JavascriptExecutor) visitor).executeScript(
                "return JSON.parse(sessionStorage.getItem('confidant.session') || '{}').conversationId");

        // it appears at the desk without a reload, and the title counts who waits
        waitFor(By.cssSelector("#waiting tr[data-conversation='" + conversation + "']"));
        assertTrue(browser.getTitle().matches("\\(\\d+\\) Confidant console"), browser.getTitle());

        // a colleague's console looks at it too: this desk shows who
        String colleague = DevstackHarness.accessToken(DevstackHarness.login(newStaff("agent"), PASSWORD,
                suite.ports.account()));
        java.util.concurrent.BlockingQueue<String> heard = new java.util.concurrent.LinkedBlockingQueue<>();
        java.net.http.WebSocket colleagueDesk = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create("ws://127.0.0.1:" + suite.ports.chat() + "/ws/agent"),
                        new java.net.http.WebSocket.Listener() {
                            @Override
                            public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket socket,
                                                                                  CharSequence data, boolean last) {
                                heard.add(data.toString());
                                socket.request(1);
                                return null;
                            }
                        }).get(10, java.util.concurrent.TimeUnit.SECONDS);
        try {
            colleagueDesk.sendText("{\"type\":\"auth\",\"token\":\"" + colleague + "\"}", true).get();
            colleagueDesk.sendText("{\"type\":\"follow\",\"conversationId\":\"" + conversation + "\"}", true)
                    .get();
            String colleagueId = DevstackHarness.claim(colleague, "sub");
            new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                    d.findElement(By.cssSelector("#waiting tr[data-conversation='" + conversation + "'] .viewing"))
                            .getText().equals("Also looking: agent " + colleagueId.substring(0, 8)));
        } finally {
            colleagueDesk.sendClose(1000, "done").get(5, java.util.concurrent.TimeUnit.SECONDS);
        }
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElements(By.cssSelector("#waiting tr[data-conversation='" + conversation + "'] .viewing"))
                        .isEmpty());
        // the waiting list re-renders as the desk hears news: find the button again if it was replaced
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d -> {
            d.findElement(By.cssSelector("#waiting tr[data-conversation='" + conversation + "'] button.take")).click();
            return true;
        });
        waitFor(By.id("reply"));
        assertEquals("with an agent", browser.findElement(By.id("conversation-status")).getText());
        assertTrue(browser.findElement(By.id("messages")).getText().contains("My parcel has not arrived."));
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.cssSelector(
                "#held tr[data-conversation='" + conversation + "'] td[data-holder='me']")) != null);

        // what the visitor writes now arrives live
        input = widget("textarea.input");
        input.sendKeys("It was order 5521.");
        input.sendKeys(Keys.ENTER);
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> d.findElement(By.id("messages")).getText()
                .contains("It was order 5521."));

        // suggested answers from the help centre, and a saved reply combined into the answer
        browser.findElement(By.id("suggest")).click();
        waitFor(By.cssSelector("#suggestions li[data-article]"));
        WebElement reply = browser.findElement(By.id("reply"));
        reply.sendKeys("Hello, this is Ana from support.");
        browser.findElement(By.id("snippet-title")).sendKeys("Greeting " + System.nanoTime());
        browser.findElement(By.id("save-snippet")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElement(By.id("status")).getText().equals("Saved."));
        assertEquals("Hello, this is Ana from support.", browser.findElement(By.id("reply")).getAttribute("value"),
                "the draft stays after saving it");
        ((JavascriptExecutor) browser).executeScript("window.scrollTo(0, 0)");
        Chromium.screenshot(browser, SCREENSHOTS, "4-agent-desk");
        Chromium.assertAccessible(browser, "agents' desk with a conversation");
        browser.findElement(By.id("send")).click();
        new WebDriverWait(visitor, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElement(By.cssSelector("confidant-widget")).getShadowRoot()
                        .findElements(By.cssSelector("article.message.agent .text")).stream()
                        .anyMatch(m -> m.getText().equals("Hello, this is Ana from support.")));
        assertEquals("", browser.findElement(By.id("reply")).getAttribute("value"));
        new Select(browser.findElement(By.id("snippet"))).selectByIndex(0);
        browser.findElement(By.id("insert-snippet")).click();
        assertTrue(!browser.findElement(By.id("reply")).getAttribute("value").isEmpty(), "a snippet inserted");

        // handed back: the assistant answers again, and the desk no longer lists it
        browser.findElement(By.id("hand-back")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElements(By.cssSelector("tr[data-conversation='" + conversation + "']")).isEmpty());
        assertEquals("Handed back to the assistant.", browser.findElement(By.id("status")).getText());
        String agentToken = DevstackHarness.accessToken(DevstackHarness.login(agentEmail, PASSWORD,
                suite.ports.account()));
        HttpResponse<String> afterwards = send("GET", chat("/api/agent/conversations/" + conversation), agentToken,
                null);
        assertEquals(404, afterwards.statusCode(), "no longer an agent's to read");

        // every read the agent made is in the staff access log, which a DPO reads in the console
        String agentId = DevstackHarness.claim(agentToken, "sub");
        waitFor(By.id("signout")).click();
        signIn("admin@confidant.local");
        waitFor(By.linkText("Access log")).click();
        waitFor(By.id("log-staff")).sendKeys(agentId);
        browser.findElement(By.cssSelector("#log-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElement(By.id("access-log")).getText().contains("conversation/" + conversation + " (take)"));
        String log = browser.findElement(By.id("access-log")).getText();
        assertTrue(log.contains("chat-service") && log.contains("answer a conversation handed to a human")
                && log.contains("conversation/" + conversation + " (live)"), log);
        Chromium.assertAccessible(browser, "console's access log");
        Chromium.screenshot(browser, SCREENSHOTS, "9-access-log");
    }

    @Test
    void aDpoPlacesAndReleasesALegalHoldAndAnAuditorCannot() throws Exception {
        String dpo = suite.staffToken(); // the bootstrap admin (admin, agent, dpo) has chosen a password by now
        String subject = UUID.randomUUID().toString();
        browser = Chromium.start("en-US", 1280, 900);
        browser.get(account("/console"));
        signIn("admin@confidant.local");
        waitFor(By.linkText("Legal holds")).click();
        waitFor(By.id("hold-subject")).sendKeys(subject);
        browser.findElement(By.id("hold-case")).sendKeys("CASE-77");
        browser.findElement(By.id("hold-reason")).sendKeys("Regulator inquiry");
        browser.findElement(By.cssSelector("#hold-form button[type=submit]")).click();
        WebElement row = waitFor(By.cssSelector("tr[data-subject='" + subject + "']"));
        assertTrue(row.getText().contains("CASE-77") && row.getText().contains("Regulator inquiry"), row.getText());
        assertEquals("The hold is placed.", browser.findElement(By.id("status")).getText());
        Chromium.assertAccessible(browser, "console's legal holds");
        Chromium.screenshot(browser, SCREENSHOTS, "5-holds");
        assertTrue(send("GET", retention("/api/holds"), dpo, null).body().contains(subject));

        row.findElement(By.tagName("button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElements(By.cssSelector("tr[data-subject='" + subject + "']")).isEmpty()
                        && d.findElement(By.id("status")).getText().equals("The hold is released."));
        assertTrue(!send("GET", retention("/api/holds"), dpo, null).body().contains(subject),
                "released: no longer active");

        // an auditor sees the holds without a control that writes; the API refuses a hold anyway
        waitFor(By.id("signout")).click();
        String auditor = newStaff("auditor");
        signIn(auditor);
        waitFor(By.linkText("Legal holds")).click();
        waitFor(By.id("holds"));
        assertEquals(0, browser.findElements(By.cssSelector("main button, main form")).size());
        String auditorToken = DevstackHarness.accessToken(DevstackHarness.login(auditor, PASSWORD,
                suite.ports.account()));
        assertEquals(403, send("POST", retention("/api/holds"), auditorToken, JSON.writeValueAsString(Map.of(
                "subjectId", subject, "caseReference", "X", "reason", "an auditor may not"))).statusCode());
    }

    @Test
    void anAuditorExportsTheLedgerAndSeesATamperedEntryReported() throws Exception {
        String email = DevstackHarness.registerAndFollowTheMailedLink(suite.running, suite.ports.account(), "Lee");
        String person = DevstackHarness.accessToken(DevstackHarness.login(email, PASSWORD, suite.ports.account()));
        HttpResponse<String> chose = send("POST", consent("/api/consents/me"), person,
                "{\"choices\":{\"analytics.usage\":true,\"marketing.promotions\":false},\"method\":\"banner\"}");
        assertEquals(200, chose.statusCode(), chose.body());
        String subject = DevstackHarness.claim(person, "sub");

        Path downloads = java.nio.file.Files.createTempDirectory("console-downloads");
        String auditor = newStaff("auditor");
        browser = Chromium.start("en-US", 1280, 1000);
        browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toString()));
        browser.get(account("/console"));
        signIn(auditor);
        waitFor(By.linkText("Consent ledger")).click();
        waitFor(By.id("ledger-subject")).sendKeys(subject);
        browser.findElement(By.cssSelector("#ledger-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElements(By.cssSelector("#ledger tbody tr")).size() == 2);
        assertTrue(browser.findElement(By.id("ledger")).getText().contains("analytics.usage"));
        waitFor(By.cssSelector("#chart svg"));
        Chromium.assertAccessible(browser, "console's consent ledger");

        browser.findElement(By.id("export-csv")).click();
        Path csv = downloads.resolve("consent-ledger.csv");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> java.nio.file.Files.exists(csv));
        java.util.List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertEquals(3, lines.size(), "a header and the subject's two entries: " + lines);
        assertTrue(lines.stream().skip(1).allMatch(line -> line.contains(subject)), lines.toString());

        browser.findElement(By.id("verify-chain")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "true".equals(
                d.findElement(By.id("chain")).getAttribute("data-valid")));
        assertTrue(browser.findElement(By.id("chain")).getText().startsWith("The chain holds"));
        Chromium.screenshot(browser, SCREENSHOTS, "6-ledger");

        // someone edits an entry behind the application's back (around the append-only trigger): reported at it
        try (Connection db = DevstackHarness.connect(suite.ports.postgres(), "consent");
             Statement statement = db.createStatement()) {
            long seq;
            try (ResultSet rs = statement.executeQuery("SELECT seq FROM ledger_entry WHERE subject_id = '" + subject
                    + "' AND purpose = 'marketing.promotions'")) {
                assertTrue(rs.next());
                seq = rs.getLong(1);
            }
            statement.execute("ALTER TABLE ledger_entry DISABLE TRIGGER ledger_entry_append_only");
            try {
                statement.executeUpdate("UPDATE ledger_entry SET action = 'GRANT' WHERE seq = " + seq);
                browser.findElement(By.id("verify-chain")).click();
                new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "false".equals(
                        d.findElement(By.id("chain")).getAttribute("data-valid")));
                String report = browser.findElement(By.id("chain")).getText();
                assertTrue(report.startsWith("The chain is broken at entry " + seq + " "), report);
                Chromium.screenshot(browser, SCREENSHOTS, "7-ledger-broken");
            } finally {
                statement.executeUpdate("UPDATE ledger_entry SET action = 'WITHDRAW' WHERE seq = " + seq
                        + " AND action = 'GRANT'");
                statement.execute("ALTER TABLE ledger_entry ENABLE TRIGGER ledger_entry_append_only");
            }
        }
        browser.findElement(By.id("verify-chain")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> "true".equals(
                d.findElement(By.id("chain")).getAttribute("data-valid")));
    }

    @Test
    void aCertificateIsVerifiedInTheBrowserAndAForgedOneRefused() throws Exception {
        String dpo = suite.staffToken();
        JsonNode request = JSON.readTree(send("POST", retention("/api/requests/erasure"), dpo,
                JSON.writeValueAsString(Map.of("subjectId", UUID.randomUUID().toString()))).body());
        String id = request.path("id").asText();
        String jws = null;
        for (int i = 0; i < 120 && jws == null; i++) {
            HttpResponse<String> certificate = send("GET", retention("/api/requests/" + id + "/certificate"), dpo, null);
            if (certificate.statusCode() == 200) {
                jws = JSON.readTree(certificate.body()).path("jws").asText();
            } else {
                Thread.sleep(500);
            }
        }
        assertTrue(jws != null && jws.split("\\.").length == 3, "a certificate within a minute: " + request);

        // an auditor finds the request by its id, reads each owner's answer and downloads the certificate
        Path downloads = java.nio.file.Files.createTempDirectory("console-certificates");
        browser = Chromium.start("en-US", 1280, 1000);
        browser.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow",
                "downloadPath", downloads.toString()));
        browser.get(account("/console"));
        signIn(newStaff("auditor"));
        waitFor(By.id("request-id")).sendKeys(id);
        browser.findElement(By.cssSelector("#request-form button[type=submit]")).click();
        WebElement details = waitFor(By.cssSelector("#request-found [data-request-details='" + id + "']"));
        assertTrue(details.findElements(By.cssSelector("tr[data-owner]")).size() >= 3, details.getText());
        assertTrue(details.getText().contains("completed"), details.getText());
        browser.findElement(By.id("certificate-" + id)).click();
        Path certificate = downloads.resolve("certificate-" + id + ".json");
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> java.nio.file.Files.exists(certificate)
                && certificate.toFile().length() > 0);

        // and verifies the file it downloaded
        waitFor(By.linkText("Verify")).click();
        waitFor(By.id("jws-file")).sendKeys(certificate.toString());
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d ->
                d.findElement(By.id("jws")).getAttribute("value").contains("\"jws\""));
        browser.findElement(By.cssSelector("#verify-form button[type=submit]")).click();
        WebElement verdict = waitFor(By.cssSelector("#verification [data-valid]"));
        assertEquals("true", verdict.getAttribute("data-valid"), verdict.getText());
        assertTrue(verdict.getText().contains("A genuine erasure certificate: signed by retention-service"),
                verdict.getText());
        assertTrue(verdict.getText().contains(id), "it shows what the certificate states");
        Chromium.assertAccessible(browser, "console's verification");
        Chromium.screenshot(browser, SCREENSHOTS, "8-verified");

        // the same signature over a payload that says something else
        String[] parts = jws.split("\\.");
        JsonNode payload = JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        ((com.fasterxml.jackson.databind.node.ObjectNode) payload).put("requestId", UUID.randomUUID().toString());
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(JSON.writeValueAsBytes(payload)) + "." + parts[2];
        paste(forged);
        browser.findElement(By.cssSelector("#verify-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d -> "false".equals(
                d.findElement(By.cssSelector("#verification [data-valid]")).getAttribute("data-valid")));
        assertTrue(browser.findElement(By.id("verification")).getText().contains("does not match"),
                browser.findElement(By.id("verification")).getText());
        paste("not a certificate");
        browser.findElement(By.cssSelector("#verify-form button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElement(By.id("verification")).getText().startsWith("This is not a compact JWS"));
    }

    private void paste(String text) {
        WebElement field = waitFor(By.id("jws"));
        field.clear();
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = arguments[1]", field, text);
    }

    @Test
    void anAdminInvitesStaffChangesRolesWithAReasonAndDeactivatesAnAccount() throws Exception {
        String admin = suite.staffToken();
        String colleague = newStaff("agent"); // has chosen a password and can sign in
        assertEquals(200, DevstackHarness.login(colleague, PASSWORD, suite.ports.account()).statusCode());
        browser = Chromium.start("en-US", 1280, 1000);
        browser.get(account("/console"));
        signIn("admin@confidant.local");
        waitFor(By.linkText("Staff")).click();

        String invited = "new-agent-" + System.nanoTime() + "@confidant.local";
        waitFor(By.id("staff-email")).sendKeys(invited);
        browser.findElement(By.id("staff-name")).sendKeys("Noor");
        new Select(browser.findElement(By.id("staff-role"))).selectByValue("agent");
        browser.findElement(By.cssSelector("#staff-form button[type=submit]")).click();
        waitFor(By.cssSelector("tr[data-email='" + invited + "']"));
        assertTrue(suite.running.mailedLink(invited).contains("token="), "the invitation is mailed");
        Chromium.assertAccessible(browser, "console's staff accounts");

        // roles changed with a reason, recorded with it
        WebElement row = waitFor(By.cssSelector("tr[data-email='" + colleague + "']"));
        String id = row.getAttribute("data-staff");
        row.findElement(By.xpath(".//button[text()='Change roles']")).click();
        waitFor(By.id("role-auditor-" + id)).click();
        browser.findElement(By.id("roles-reason-" + id)).sendKeys("Covers the audit this quarter");
        browser.findElement(By.id("roles-reason-" + id)).findElement(By.xpath("ancestor::form"))
                .findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                "agent,auditor".equals(d.findElement(By.cssSelector("tr[data-staff='" + id + "'] td[data-roles]"))
                        .getAttribute("data-roles")));
        JsonNode history = JSON.readTree(send("GET", account("/api/staff/" + id + "/role-changes"), admin, null).body());
        assertTrue(history.toString().contains("\"reason\":\"Covers the audit this quarter\""), history.toString());

        // deactivated: the account signs in no more
        waitFor(By.cssSelector("tr[data-staff='" + id + "']")).findElement(By.xpath(".//button[text()='Deactivate']"))
                .click();
        waitFor(By.id("deactivate-reason-" + id)).sendKeys("Left the company");
        Chromium.screenshot(browser, SCREENSHOTS, "10-staff");
        browser.findElement(By.id("deactivate-reason-" + id)).findElement(By.xpath("ancestor::form"))
                .findElement(By.cssSelector("button[type=submit]")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                "deactivated".equals(d.findElement(By.cssSelector("tr[data-staff='" + id + "'] td[data-status]"))
                        .getAttribute("data-status")));
        assertEquals(401, DevstackHarness.login(colleague, PASSWORD, suite.ports.account()).statusCode());
    }

    @Test
    void aDpoChangesAScheduleWithAReasonRunsASweepDecidesAReportAndReadsTheProcessingRecord() throws Exception {
        String dpo = suite.staffToken();
        String category = "chat.feedback";
        JsonNode schedules = JSON.readTree(send("GET", retention("/api/schedules"), null, null).body());
        int days = 0;
        for (JsonNode schedule : schedules) {
            if (schedule.path("category").asText().equals(category)) {
                days = schedule.path("retentionDays").asInt();
            }
        }
        assertTrue(days > 0, schedules.toString());
        String child = DevstackHarness.registerAndFollowTheMailedLink(suite.running, suite.ports.account(), "Kid");
        HttpResponse<String> reported = send("POST", account("/api/minor-reports"), null, JSON.writeValueAsString(
                Map.of("email", child, "details", "Says she is 11 in the chat")));
        assertEquals(202, reported.statusCode(), reported.body());

        browser = Chromium.start("en-US", 1280, 1000);
        browser.get(account("/console"));
        signIn("admin@confidant.local");
        try {
            waitFor(By.linkText("Retention")).click();
            WebElement row = waitFor(By.cssSelector("tr[data-category='" + category + "']"));
            row.findElement(By.xpath(".//button[text()='Change']")).click();
            WebElement field = waitFor(By.id("schedule-chat-feedback-days"));
            field.clear();
            field.sendKeys(String.valueOf(days + 1));
            browser.findElement(By.id("schedule-chat-feedback-reason")).sendKeys("Complaints take longer to settle");
            field.findElement(By.xpath("ancestor::form")).findElement(By.cssSelector("button[type=submit]")).click();
            int changed = days + 1;
            new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                    String.valueOf(changed).equals(d.findElement(By.cssSelector("tr[data-category='" + category
                            + "'] td[data-days]")).getAttribute("data-days")));
            waitFor(By.cssSelector("tr[data-category='" + category + "']"))
                    .findElement(By.xpath(".//button[text()='History']")).click();
            new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                    d.findElement(By.cssSelector("tr[data-category='" + category + "'] ol.history")).getText()
                            .contains("Complaints take longer to settle"));
            Chromium.assertAccessible(browser, "console's retention page");

            browser.findElement(By.id("run-sweep")).click();
            new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(RuntimeException.class).until(d ->
                    d.findElement(By.cssSelector("#sweep [data-done='true']")).getText().startsWith("Sweep complete"));
            assertTrue(browser.findElements(By.cssSelector("#sweep-commands tbody tr")).size() > 0);
            Chromium.screenshot(browser, SCREENSHOTS, "11-retention");
        } finally {
            HttpResponse<String> restored = send("PUT", retention("/api/schedules/" + category), dpo,
                    JSON.writeValueAsString(Map.of("retentionDays", days, "reason", "restored after the console test")));
            assertEquals(200, restored.statusCode(), restored.body());
        }

        waitFor(By.linkText("Minor reports")).click();
        WebElement report = new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class)
                .until(d -> d.findElements(By.cssSelector("#minor-reports tbody tr")).stream()
                        .filter(r -> r.getText().contains("Says she is 11")).findFirst().orElse(null));
        String reportId = report.getAttribute("data-report");
        report.findElement(By.xpath(".//button[text()='Dismiss']")).click();
        new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                d.findElements(By.cssSelector("tr[data-report='" + reportId + "']")).isEmpty());
        assertEquals("Dismissed.", browser.findElement(By.id("status")).getText());

        // a purpose's description changed with a reason (restored afterwards), a policy version published
        JsonNode purpose = JSON.readTree(send("GET", consent("/api/purposes/analytics.usage"), null, null).body());
        waitFor(By.linkText("Purposes and policy")).click();
        try {
            waitFor(By.cssSelector("tr[data-purpose='analytics.usage']")).findElement(By.xpath(".//button[text()='Change']"))
                    .click();
            WebElement description = waitFor(By.id("purpose-analytics-usage-description"));
            description.clear();
            description.sendKeys("Counting which help articles are read, to improve them");
            browser.findElement(By.id("purpose-analytics-usage-reason")).sendKeys("Clearer wording");
            description.findElement(By.xpath("ancestor::form")).findElement(By.cssSelector("button[type=submit]"))
                    .click();
            new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d -> d.findElement(
                    By.cssSelector("tr[data-purpose='analytics.usage']")).getText().contains("to improve them"));
            JsonNode revisions = JSON.readTree(send("GET", consent("/api/purposes/analytics.usage/revisions"), null,
                    null).body());
            assertEquals("Clearer wording", revisions.get(revisions.size() - 1).path("reason").asText(),
                    revisions.toString());
        } finally {
            HttpResponse<String> restored = send("PUT", consent("/api/purposes/analytics.usage"), dpo,
                    JSON.writeValueAsString(Map.of("title", purpose.path("title").asText(),
                            "description", purpose.path("description").asText(),
                            "lawfulBasis", purpose.path("lawfulBasis").asText(),
                            "categories", JSON.convertValue(purpose.path("categories"), java.util.List.class),
                            "gpcRefusable", purpose.path("gpcRefusable").asBoolean(),
                            "reason", "restored after the console test")));
            assertEquals(200, restored.statusCode(), restored.body());
        }
        String version = "console-" + System.nanoTime();
        String effective = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(60).toString();
        waitFor(By.id("policy-version")).sendKeys(version);
        browser.findElement(By.id("policy-summary")).sendKeys("Clearer retention wording");
        browser.findElement(By.id("policy-text")).sendKeys("# Privacy policy\n\nWe keep chats for 180 days.");
        ((JavascriptExecutor) browser).executeScript("const f = document.getElementById('policy-effective');"
                + " f.value = arguments[0]; f.dispatchEvent(new Event('change'));", effective);
        assertTrue(browser.findElement(By.id("policy-notice")).getText().contains("earlier consent stays valid"));
        browser.findElement(By.cssSelector("#publish-form button[type=submit]")).click();
        waitFor(By.cssSelector("tr[data-version='" + version + "']"));
        assertEquals("The version is published.", browser.findElement(By.id("status")).getText());
        Chromium.assertAccessible(browser, "console's purposes and policy");

        waitFor(By.linkText("Processing record")).click();
        WebElement analytics = waitFor(By.cssSelector("tr[data-purpose='analytics.usage']"));
        assertTrue(analytics.getText().contains("days") && analytics.getText().contains("consent"), analytics.getText());
        Chromium.assertAccessible(browser, "console's record of processing");
        Chromium.screenshot(browser, SCREENSHOTS, "12-processing-record");
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

    private String chat(String path) {
        return "http://127.0.0.1:" + suite.ports.chat() + path;
    }

    private String consent(String path) {
        return "http://127.0.0.1:" + suite.ports.consent() + path;
    }

    private String retention(String path) {
        return "http://127.0.0.1:" + suite.ports.retention() + path;
    }
}
