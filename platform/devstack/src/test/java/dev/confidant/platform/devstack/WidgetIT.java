package dev.confidant.platform.devstack;

import com.sun.net.httpserver.HttpServer;
import dev.confidant.platform.devstack.DevstackHarness.Running;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.confidant.platform.devstack.DevstackHarness.connect;
import static dev.confidant.platform.devstack.DevstackHarness.count;
import static dev.confidant.platform.devstack.DevstackHarness.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web widget in a real browser: Debian's Chromium, headless, driven by Selenium through chromedriver, against the
 * packaged devstack. The host page is served from another origin than the services, under a strict
 * Content-Security-Policy, as on a customer's site. Screenshots of each state go to target/widget-screenshots/.
 * Without Chromium the class is skipped with one line, except in CI, where it must run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class) // the first journey needs a suite where no agent was seen yet
@Order(1) // first on the shared suite, before the privacy journey restarts and stops it
class WidgetIT {

    private static final Path SCREENSHOTS = DevstackHarness.ROOT.resolve("platform/devstack/target/widget-screenshots");

    private DevstackHarness.SharedSuite suite;
    private DevstackHarness.Ports ports;
    private Running running;
    private HttpServer hostSite;
    private String hostOrigin;
    private ChromeDriver browser;

    @BeforeAll
    void startTheSuiteAndAHostSite() throws Exception {
        Chromium.assumeInstalled();
        Files.createDirectories(SCREENSHOTS);
        suite = DevstackHarness.SharedSuite.get();
        ports = suite.ports;
        running = suite.running;
        hostSite = HttpServer.create(new InetSocketAddress("127.0.0.1", suite.hostPort), 0);
        hostOrigin = suite.hostOrigin();
        servePages();
        hostSite.start();
    }

    /** The host site goes; the suite stays for the privacy journey, which stops it. */
    @AfterAll
    void stopTheHostSite() {
        if (hostSite != null) {
            hostSite.stop(0);
        }
    }

    @AfterEach
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    /** A shop on its own origin embeds the widget; one page's CSP allows the WebSocket, the other's does not. */
    private void servePages() {
        String chat = "http://127.0.0.1:" + ports.chat();
        String apis = chat + " http://127.0.0.1:" + ports.account() + " http://127.0.0.1:" + ports.consent()
                + " http://127.0.0.1:" + ports.retention();
        String page = """
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <script src="%s/widget/confidant.js" data-confidant-url="%s" async></script></head>
                <body><header><a href="/">Shop</a> <a href="/">Help</a></header>
                <main><h1>A shop on another origin</h1><p>Questions? Use the chat.</p></main></body></html>
                """.formatted(chat, chat);
        String csp = "default-src 'none'; script-src " + chat + "; style-src 'self'; connect-src " + apis + " %s;"
                + " base-uri 'none'; form-action 'none'";
        hostSite.createContext("/", exchange -> {
            boolean noSocket = exchange.getRequestURI().getPath().startsWith("/no-websocket");
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().add("Content-Security-Policy",
                    csp.formatted(noSocket ? "" : chat.replace("http", "ws")));
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
    }

    private ChromeDriver browser(String language, int width, int height) {
        browser = Chromium.start(language, width, height);
        return browser;
    }

    private ChromeDriver desktop() {
        return browser("en-US", 1280, 860);
    }

    // ----- the widget's shadow root -----

    private SearchContext widget() {
        WebElement host = new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(d -> d.findElement(By.cssSelector("confidant-widget")));
        return host.getShadowRoot();
    }

    private WebElement find(String css) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class)
                .until(d -> {
                    WebElement element = widget().findElement(By.cssSelector(css));
                    return element.isDisplayed() ? element : null;
                });
    }

    private List<WebElement> all(String css) {
        return widget().findElements(By.cssSelector(css));
    }

    private WebElement button(String text) {
        return new WebDriverWait(browser, Duration.ofSeconds(20)).ignoring(RuntimeException.class).until(d ->
                all("button").stream().filter(b -> b.isDisplayed() && b.getText().trim().equals(text)).findFirst()
                        .orElse(null));
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(60)).ignoring(RuntimeException.class)
                .withMessage(what).until(d -> condition.getAsBoolean());
    }

    private void screenshot(String name) throws IOException {
        Chromium.screenshot(browser, SCREENSHOTS, name);
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> session() {
        return (Map<String, Object>) js("return JSON.parse(sessionStorage.getItem('confidant.session') || '{}')");
    }

    private void openOnTheShop(String path) {
        browser.get(hostOrigin + path);
        find("button.launcher").click();
    }

    private void ask(String question) {
        WebElement input = find("textarea.input");
        input.sendKeys(question);
        input.sendKeys(Keys.ENTER);
    }

    private String lastAnswer() {
        List<WebElement> answers = all("article.message.assistant:not(.streaming)");
        return answers.isEmpty() ? null : answers.get(answers.size() - 1).findElement(By.cssSelector(".text")).getText();
    }

    // ----- the journeys -----

    @Test
    void necessaryOnlyThenAChatWithACitedAnswerAnUploadAndThumbsThenTheConversationIsDeleted() throws Exception {
        desktop();
        openOnTheShop("/");
        find(".banner");
        screenshot("1-banner");
        button("Necessary only").click();
        ask("How long do you keep my chats?");
        waitFor("a cited answer", () -> !all("article.message.assistant .citation").isEmpty());
        waitFor("the live connection", () -> "on".equals(find(".panel").getDomAttribute("data-live")));
        assertTrue(lastAnswer().length() > 20, lastAnswer());

        Path png = Files.createTempFile("receipt", ".png");
        Files.write(png, new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13});
        widget().findElement(By.cssSelector("input[type=file]")).sendKeys(png.toString());
        waitFor("the attachment", () -> !all("p.attachment").isEmpty());
        find("button.thumb.up").click();
        waitFor("thanks for the feedback", () -> find(".feedback").getText().contains("Thank you"));
        screenshot("2-chat");

        // what the browser holds after a chat with "necessary only": exactly the declared necessary item
        assertEquals(List.of(), browser.manage().getCookies().stream().map(c -> c.getName()).toList(), "no cookies");
        assertEquals(List.of(), js("return Object.keys(localStorage)"), "nothing in localStorage");
        assertEquals(List.of("confidant.session"), js("return Object.keys(sessionStorage)"));

        String token = (String) session().get("token");
        String conversation = (String) session().get("conversationId");
        String conversationUrl = "http://127.0.0.1:" + ports.chat() + "/api/conversations/" + conversation;
        assertEquals(200, send("GET", conversationUrl, token, null).statusCode());
        button("Privacy").click();
        find(".privacy");
        screenshot("3-privacy-centre");
        button("Delete this conversation now").click();
        browser.switchTo().alert().accept();
        waitFor("the deletion", () -> find(".log").getText().contains("deleted"));
        assertEquals(404, send("GET", conversationUrl, token, null).statusCode(), "gone on the server");
        try (Connection db = connect(ports.postgres(), "chat");
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM message WHERE conversation_id = ?::uuid")) {
            query.setString(1, conversation);
            assertEquals(0, count(query));
        }
    }

    @Test
    void theDemoPageEmbedsTheWidgetUnderAStrictPolicyAndTheSummaryPrintsTheSnippet() throws Exception {
        String demo = "http://127.0.0.1:" + ports.chat() + "/";
        assertTrue(running.output().contains("<script src=\"" + demo + "widget/confidant.js\""), running::output);
        HttpResponse<String> page = DevstackHarness.get(demo);
        assertEquals(200, page.statusCode());
        String policy = page.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("default-src 'none'") && policy.contains("script-src 'self'"), policy);
        assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval"), policy);
        desktop();
        browser.get(demo);
        find("button.launcher").click();
        button("Necessary only").click();
        ask("Which cookies do you use?");
        waitFor("an answer on the demo page", () -> lastAnswer() != null);
        assertEquals("rgb(255, 105, 180)", js("const b = document.body.appendChild(document.createElement('button'));"
                + " const c = getComputedStyle(b).backgroundColor; b.remove(); return c"), "the page styles its own buttons");
        assertFalse("rgb(255, 105, 180)".equals(js("return getComputedStyle(arguments[0]).backgroundColor",
                find("button.send"))), "the page's button rule does not reach the widget");
    }

    @Test
    @Order(1)
    void withNobodyAvailableAMessageIsLeftForAReplyByEmailWithConsent() throws Exception {
        desktop();
        openOnTheShop("/");
        button("Necessary only").click();
        ask("Can I change the delivery address of my order?");
        waitFor("an answer", () -> lastAnswer() != null);
        button("Talk to a human").click();
        find(".leave");
        assertTrue(find(".leave").getText().contains("All our support agents are away"), find(".leave").getText());
        String address = "reply-" + System.nanoTime() + "@example.org";
        find("#leave-email").sendKeys(address);
        button("Send my message").click();
        Awaitility.await("the consent box must be ticked first").during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3)).until(() -> "leave".equals(find(".panel").getDomAttribute("data-view")));
        HttpResponse<String> consents = send("GET", "http://127.0.0.1:" + ports.consent() + "/api/consents/me",
                (String) session().get("token"), null);
        Matcher notYet = Pattern.compile("\"purpose\":\"support.email-reply\"[^}]*\"state\":\"([a-z-]+)\"")
                .matcher(consents.body());
        assertTrue(notYet.find(), consents.body());
        // "necessary only" refused every consent-based purpose; without the box ticked that refusal stands
        assertEquals("denied", notYet.group(1), "nothing was granted without the box ticked");
        find("#leave-consent").click();
        screenshot("12-leave-a-message");
        button("Send my message").click();
        waitFor("the confirmation", () -> find(".log").getText().contains("We will reply to " + address));

        String conversation = (String) session().get("conversationId");
        String desk = "http://127.0.0.1:" + ports.chat() + "/api/agent/conversations/" + conversation;
        HttpResponse<String> taken = send("POST", desk + "/take", agentToken(), null);
        assertEquals(200, taken.statusCode(), taken.body());
        assertTrue(taken.body().contains("\"replyByEmail\":true"), taken.body());
        reply(desk, agentToken(), "Yes: reply to this mail with the new address.");
        waitFor("the reply mailed to the address left", () -> running.output().contains("mail to " + address
                + ": \"Our reply to your message\""));
        waitFor("and shown in the chat", () -> agentMessages().contains("Yes: reply to this mail with the new address."));
    }

    @Test
    void anAgentsRepliesArriveLiveAndNoneIsLostOrRepeatedWhileTheConnectionIsCut() throws Exception {
        // an agent at the desk: "talk to a human" queues the conversation rather than offering a reply by email
        assertEquals(200, send("GET", "http://127.0.0.1:" + ports.chat() + "/api/agent/conversations", agentToken(),
                null).statusCode());
        desktop();
        openOnTheShop("/");
        button("Necessary only").click();
        ask("My parcel has not arrived.");
        waitFor("an answer", () -> lastAnswer() != null);
        button("Talk to a human").click();
        waitFor("the hand-off", () -> find(".log").getText().contains("support agent"));
        waitFor("the live connection", () -> "on".equals(find(".panel").getDomAttribute("data-live")));
        String conversation = (String) session().get("conversationId");
        String agent = agentToken();
        String desk = "http://127.0.0.1:" + ports.chat() + "/api/agent/conversations/" + conversation;
        assertEquals(200, send("POST", desk + "/take", agent, null).statusCode());
        reply(desk, agent, "Hello, this is Ana from support.");
        waitFor("the agent's reply, live", () -> agentMessages().equals(List.of("Hello, this is Ana from support.")));

        // the network drops: the socket is gone while the agent goes on answering
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", true, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
        js("document.querySelector('confidant-widget').socket?.close()");
        waitFor("the connection cut", () -> !"on".equals(find(".panel").getDomAttribute("data-live")));
        reply(desk, agent, "Let me look at your order.");
        reply(desk, agent, "It left our warehouse yesterday.");
        reply(desk, agent, "It should arrive tomorrow.");
        Awaitility.await("nothing arrives while offline").during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3))
                .until(() -> agentMessages().equals(List.of("Hello, this is Ana from support.")));
        browser.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
        List<String> expected = List.of("Hello, this is Ana from support.", "Let me look at your order.",
                "It left our warehouse yesterday.", "It should arrive tomorrow.");
        waitFor("every missed reply, in order", () -> agentMessages().equals(expected));
        waitFor("live again", () -> "on".equals(find(".panel").getDomAttribute("data-live")));
        reply(desk, agent, "Anything else I can do?");
        waitFor("the next reply live", () -> agentMessages().size() == 5);
        assertEquals("Anything else I can do?", agentMessages().get(4));
        Awaitility.await("no reply shown twice").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> agentMessages().size() == 5);
        screenshot("10-agent-after-reconnect");
    }

    @Test
    void aVisitorSignsInInThePanelKeepsTheChatGetsACopyOfTheirDataRatesAndSignsOut() throws Exception {
        String email = DevstackHarness.registerAndFollowTheMailedLink(running, ports.account(), "Mei");
        desktop();
        openOnTheShop("/");
        button("Necessary only").click();
        ask("How do I delete my data?");
        waitFor("an answer", () -> lastAnswer() != null);
        String conversation = (String) session().get("conversationId");
        button("Privacy").click();
        button("Sign in").click();
        find("#signin-email").sendKeys(email);
        find("#signin-password").sendKeys(DevstackHarness.PASSWORD);
        widget().findElement(By.cssSelector("form.form button[type=submit]")).click();
        waitFor("signed in", () -> "user".equals(session().get("kind")));
        assertEquals(conversation, session().get("conversationId"), "the visitor's conversation goes on");
        waitFor("the visitor's chat moved to the account", () -> {
            try {
                return send("GET", "http://127.0.0.1:" + ports.chat() + "/api/conversations/" + conversation,
                        (String) session().get("token"), null).statusCode() == 200;
            } catch (Exception e) {
                return false;
            }
        });

        button("Privacy").click();
        button("My account").click();
        assertEquals("Mei", find("#account-name").getDomProperty("value"));
        button("← Back").click();
        button("A copy of everything we hold").click();
        button("Download (zip)");
        assertTrue(find(".access").getText().contains("Your copy is ready"));
        screenshot("11-access-request-ready");

        button("← Back").click();
        button("← Back").click();
        button("End conversation").click();
        find(".rating");
        all("button.star").get(3).click();
        waitFor("the rating", () -> find(".rating").getText().contains("Thank you for rating"));
        assertEquals(4L, all("button.star.on").stream().count());

        button("Privacy").click();
        button("Sign out").click();
        find(".banner");
        assertEquals(List.of(), js("return Object.keys(sessionStorage)"), "signed out: nothing kept");
    }

    /** The bootstrap admin as agent and DPO. */
    private String agentToken() throws Exception {
        return suite.staffToken();
    }

    @Test
    void registrationInThePanelThenPasswordAndEmailChanges() throws Exception {
        desktop();
        openOnTheShop("/");
        button("Necessary only").click();
        find("textarea.input"); // the choice is recorded and the chat shown
        button("Privacy").click();
        button("Create an account").click();
        String email = "panel-" + System.nanoTime() + "@example.org";
        find("#register-name").sendKeys("Lin");
        find("#register-email").sendKeys(email);
        find("#register-password").sendKeys(DevstackHarness.PASSWORD);
        js("arguments[0].value = '1990-04-01'", find("#register-born"));
        widget().findElement(By.cssSelector("form.form button[type=submit]")).click();
        waitFor("the answer", () -> !find("form.form p[role=alert]").getText().isBlank());
        assertEquals(200, DevstackHarness.get(running.mailedLink(email)).statusCode(), "the mailed link confirms it");

        button("← Back").click();
        button("Sign in").click();
        find("#signin-email").sendKeys(email);
        find("#signin-password").sendKeys(DevstackHarness.PASSWORD);
        widget().findElement(By.cssSelector("form.form button[type=submit]")).click();
        waitFor("signed in", () -> "user".equals(session().get("kind")));
        button("Privacy").click();
        button("My account").click();
        String newPassword = "an even longer devstack passphrase";
        find("#account-current").sendKeys(DevstackHarness.PASSWORD);
        find("#account-new").sendKeys(newPassword);
        button("Change password").click();
        waitFor("the password changed", () -> find(".form p[role=status]").getText().contains("password was changed"));
        assertEquals(401, DevstackHarness.login(email, DevstackHarness.PASSWORD, ports.account()).statusCode());
        assertEquals(200, DevstackHarness.login(email, newPassword, ports.account()).statusCode());

        String newEmail = "panel-new-" + System.nanoTime() + "@example.org";
        find("#account-email").clear();
        find("#account-email").sendKeys(newEmail);
        button("Save").click();
        waitFor("the link sent", () -> find(".form p[role=status]").getText().contains("sent a link to the new address"));
        assertTrue(running.mailedLink(newEmail).contains("confirm-email-change"), running::output);
        button("Sign out everywhere").click();
        find(".banner");
        assertEquals(List.of(), js("return Object.keys(sessionStorage)"));
    }

    @Test
    void theHostPageSignsThePanelInWithConfidantLoginAndAFirstChoiceIsStillAskedFor() throws Exception {
        String email = DevstackHarness.registerAndFollowTheMailedLink(running, ports.account(), "Sam");
        HttpResponse<String> login = DevstackHarness.login(email, DevstackHarness.PASSWORD, ports.account());
        String token = DevstackHarness.accessToken(login);
        desktop();
        browser.get(hostOrigin + "/");
        widget();
        ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + " Confidant.login(arguments[0]).then(() => done(true), e => done(String(e)));", token);
        assertEquals("user", session().get("kind"));
        assertEquals(token, session().get("token"));
        find("button.launcher").click();
        find(".banner"); // a user who never chose is asked, like a visitor
        button("Necessary only").click();
        ask("How long do you keep my chats?");
        waitFor("an answer", () -> lastAnswer() != null);
        String conversation = (String) session().get("conversationId");
        assertEquals(200, send("GET", "http://127.0.0.1:" + ports.chat() + "/api/conversations/" + conversation,
                token, null).statusCode(), "the conversation is the signed-in user's");
    }

    @Test
    void attachmentsByDragAndDropAndTooLargeOrWrongTypeSaidBeforeSending() throws Exception {
        desktop();
        openOnTheShop("/");
        button("Necessary only").click();
        ask("Here is a photo of the damaged book.");
        waitFor("an answer", () -> lastAnswer() != null);
        String drop = """
                const [name, type, size] = arguments;
                const data = new DataTransfer();
                const bytes = new Uint8Array(size);
                bytes.set([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
                data.items.add(new File([bytes], name, { type }));
                const area = document.querySelector('confidant-widget').shadowRoot.querySelector('.chat');
                area.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
                """;
        js(drop, "archive.zip", "application/zip", 64);
        waitFor("wrong type said", () -> find(".upload-note").getText().contains("cannot be sent"));
        js(drop, "huge.png", "image/png", 11 * 1024 * 1024);
        waitFor("too large said", () -> find(".upload-note").getText().contains("too large"));
        assertTrue(all("p.attachment").isEmpty(), "nothing was sent");
        js(drop, "damage.png", "image/png", 2048);
        waitFor("the dropped file uploaded", () -> find(".log").getText().contains("Attached: damage.png"));
        String conversation = (String) session().get("conversationId");
        try (Connection db = connect(ports.postgres(), "chat");
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM upload WHERE conversation_id = ?::uuid")) {
            query.setString(1, conversation);
            assertEquals(1, count(query), "only the allowed file was stored");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE) // it publishes a policy version that every later visitor would be told about
    void aComingPolicyChangeIsAnnouncedAndTheDarkThemeIsAccessible() throws Exception {
        String effective = java.time.Instant.now().plus(java.time.Duration.ofDays(40)).toString();
        HttpResponse<String> published = send("POST", "http://127.0.0.1:" + ports.consent() + "/api/policies",
                agentToken(), "{\"version\":\"2\",\"text\":\"We now also answer by email when you ask.\","
                        + "\"summary\":\"Replies by email\",\"material\":true,\"effectiveAt\":\"" + effective + "\"}");
        assertEquals(201, published.statusCode(), published.body());
        desktop();
        browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features",
                List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        openOnTheShop("/");
        button("Necessary only").click();
        find("textarea.input");
        HttpResponse<String> notices = send("GET", "http://127.0.0.1:" + ports.consent() + "/api/consents/me/notices",
                (String) session().get("token"), null);
        assertTrue(notices.body().contains("\"version\":\"2\""), notices.statusCode() + " " + notices.body());
        waitFor("the notice of version 2", () -> find(".notices").getText().contains("version 2"));
        assertTrue(find(".notices").getText().contains("changes on"), find(".notices").getText());
        ask("How long do you keep my chats?");
        waitFor("an answer", () -> lastAnswer() != null);
        assertEquals("rgb(22, 27, 34)", js("return getComputedStyle(arguments[0]).backgroundColor", find(".panel")),
                "the dark palette follows the system");
        screenshot("13-dark-notice");
        assertAccessible("chat in the dark theme");
        button("Privacy").click();
        find(".privacy");
        assertAccessible("privacy centre in the dark theme");
    }

    private static void reply(String desk, String agent, String text) throws Exception {
        HttpResponse<String> sent = send("POST", desk + "/messages", agent, "{\"text\":\"" + text + "\"}");
        assertEquals(201, sent.statusCode(), sent.body());
    }

    private List<String> agentMessages() {
        return all("article.message.agent .text").stream().map(WebElement::getText).toList();
    }

    @Test
    void globalPrivacyControlIsHonouredAndNoAnalyticsAreRecorded() throws Exception {
        desktop();
        browser.executeCdpCommand("Network.enable", Map.of());
        browser.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Sec-GPC", "1")));
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });"));
        openOnTheShop("/");
        assertTrue(find(".gpc").getText().contains("Global Privacy Control"));
        screenshot("4-gpc");
        button("Let me choose").click();
        waitFor("the choices", () -> !all(".choices input[type=checkbox]").isEmpty());
        WebElement analytics = find("#purpose-analytics\\.usage");
        assertFalse(analytics.isSelected(), "GPC refused analytics before any choice");
        button("Save my choices").click();
        ask("Which cookies do you use?");
        waitFor("an answer", () -> lastAnswer() != null);

        String token = (String) session().get("token");
        String subject = (String) session().get("subjectId");
        HttpResponse<String> consent = send("GET", "http://127.0.0.1:" + ports.consent() + "/api/consents/me", token, null);
        Matcher state = Pattern.compile("\"purpose\":\"analytics.usage\"[^}]*\"state\":\"([a-z-]+)\"").matcher(consent.body());
        assertTrue(state.find(), consent.body());
        assertEquals("denied", state.group(1));
        try (Connection db = connect(ports.postgres(), "consent");
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM ledger_entry WHERE "
                     + "subject_id = ?::uuid AND method = 'GPC'")) {
            query.setString(1, subject);
            assertTrue(count(query) >= 1, "the refusal is in the ledger as a GPC signal");
        }
        try (Connection db = connect(ports.postgres(), "chat");
             PreparedStatement query = db.prepareStatement("SELECT count(*) FROM usage_event WHERE subject_id = ?::uuid")) {
            query.setString(1, subject);
            assertEquals(0, count(query), "no analytics events");
        }
    }

    @Test
    void acceptAllRemembersPreferencesAcrossAReloadAndWithdrawingRemovesThem() throws Exception {
        desktop();
        openOnTheShop("/");
        button("Accept all").click();
        find("textarea.input");
        new org.openqa.selenium.support.ui.Select(find("select.language")).selectByValue("zh-CN");
        waitFor("Chinese", () -> find("h2").getText().equals("帮助与支持"));
        assertTrue(((String) js("return localStorage.getItem('confidant.preferences')")).contains("zh-CN"));
        browser.navigate().refresh();
        waitFor("the panel reopened in Chinese", () -> find("h2").getText().equals("帮助与支持"));
        screenshot("5-remembered-zh");
        button("隐私").click();
        WebElement preferences = find("#consent-cookies\\.preferences");
        assertTrue(preferences.isSelected());
        preferences.click();
        waitFor("the preference key removed", () -> js("return localStorage.getItem('confidant.preferences')") == null);
        assertEquals(List.of(), js("return Object.keys(localStorage)"));
    }

    @Test
    void aMessageWithMarkupStaysTextAndChatWorksWithoutTheWebSocket() throws Exception {
        desktop();
        openOnTheShop("/no-websocket");
        button("Necessary only").click();
        ask("<img src=x onerror=\"window.__confidantXss=1;alert(1)\"> do you sell my data?");
        waitFor("the answer over REST", () -> lastAnswer() != null);
        List<WebElement> mine = all("article.message.subject .text");
        assertEquals("<img src=x onerror=\"window.__confidantXss=1;alert(1)\"> do you sell my data?",
                mine.get(0).getText(), "shown literally");
        assertTrue(all("article.message img").isEmpty(), "no element was made from it");
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
        assertNull(js("return window.__confidantXss"), "nothing ran");
        assertFalse("on".equals(find(".panel").getDomAttribute("data-live")), "the page's CSP refused the socket");
        screenshot("6-xss-inert");
    }

    @Test
    void keyboardOnlyAndNoSeriousAccessibilityViolations() throws Exception {
        desktop();
        browser.get(hostOrigin + "/");
        widget();
        Actions keys = new Actions(browser);
        for (int i = 0; i < 20 && !Boolean.TRUE.equals(js("return document.activeElement && "
                + "document.activeElement.tagName === 'CONFIDANT-WIDGET'")); i++) {
            keys.sendKeys(Keys.TAB).perform();
        }
        assertEquals("launcher", js("return document.activeElement.shadowRoot.activeElement.className"));
        keys.sendKeys(Keys.ENTER).perform();
        find(".banner");
        assertAccessible("banner");
        tabTo("Necessary only");
        keys.sendKeys(Keys.ENTER).perform();
        waitFor("the message box focused", () -> "textarea".equalsIgnoreCase((String) js(
                "return document.activeElement.shadowRoot.activeElement.tagName")));
        keys.sendKeys("How do I delete my data?").sendKeys(Keys.ENTER).perform();
        waitFor("an answer", () -> lastAnswer() != null);
        assertAccessible("chat");
        tabTo("Privacy");
        keys.sendKeys(Keys.ENTER).perform();
        find(".privacy");
        assertAccessible("privacy centre");
        keys.sendKeys(Keys.ESCAPE).perform();
        waitFor("the panel closed", () -> !find("button.launcher").getDomAttribute("aria-expanded").equals("true"));
        assertEquals("launcher", js("return document.activeElement.shadowRoot.activeElement.className"),
                "focus returns to the launcher");
    }

    @Test
    void askingTheAssistantToDeleteEverythingShowsTheReceiptOnceAndThenTheCertificate() throws Exception {
        desktop();
        openOnTheShop("/");
        button("Necessary only").click();
        ask("please delete everything you have about me");
        waitFor("the offered erasure", () -> !all("button.action[data-action='erasure']").isEmpty());
        screenshot("7-erasure-offered");
        find("button.action[data-action='erasure']").click();
        find(".erase");
        button("Delete everything").click();
        String receipt = find(".receipt-code").getText();
        assertTrue(receipt.length() >= 40, receipt);
        assertTrue(find(".save-this").getText().contains("shown only once"));
        assertEquals(List.of(), js("return Object.keys(sessionStorage)"), "the session is gone with the erasure");
        waitFor("the certificate", () -> find(".receipt").getText().contains("Erasure certificate"));
        screenshot("8-erasure-certificate");
    }

    @Test
    void theAssistantWithdrawsAConsentOnlyWhenTheVisitorConfirmsIt() throws Exception {
        desktop();
        openOnTheShop("/");
        button("Accept all").click();
        ask("I don't want analytics any more");
        waitFor("the offered withdrawal", () -> !all("button.action[data-action='withdraw-consent']").isEmpty());
        String token = (String) session().get("token");
        assertEquals("granted", analyticsConsent(token), "offered, not done");
        WebElement confirm = find("button.action[data-action='withdraw-consent']");
        assertTrue(confirm.getText().contains("Usage analytics"), confirm.getText());
        confirm.click();
        waitFor("the confirmation", () -> find(".log").getText().contains("is withdrawn"));
        assertEquals("denied", analyticsConsent(token), "the withdrawal is recorded");
    }

    private String analyticsConsent(String token) throws Exception {
        HttpResponse<String> consents = send("GET", "http://127.0.0.1:" + ports.consent() + "/api/consents/me", token,
                null);
        Matcher state = Pattern.compile("\"purpose\":\"analytics.usage\"[^}]*\"state\":\"([a-z-]+)\"")
                .matcher(consents.body());
        assertTrue(state.find(), consents.body());
        return state.group(1);
    }

    @Test
    void aChineseBrowserGetsTheChineseWidgetOnAPhone() throws Exception {
        browser("zh-CN", 360, 740);
        openOnTheShop("/");
        assertEquals("关闭聊天", find("button.launcher").getDomAttribute("aria-label"));
        assertEquals("开始聊天前:您的隐私选择", find(".banner h3").getText());
        WebElement panel = find(".panel");
        assertTrue(panel.getRect().getWidth() <= 360, "the panel fits a 360 px screen");
        screenshot("8-phone-zh");
        button("仅必要").click();
        ask("如何删除我的数据?");
        waitFor("an answer", () -> lastAnswer() != null);
        screenshot("9-phone-zh-chat");
    }

    // ----- helpers for keyboard and accessibility -----

    private void tabTo(String text) {
        Actions keys = new Actions(browser);
        for (int i = 0; i < 40; i++) {
            Object label = js("const a = document.activeElement.shadowRoot && document.activeElement.shadowRoot"
                    + ".activeElement; return a ? a.textContent.trim() : null");
            if (text.equals(label)) {
                return;
            }
            keys.sendKeys(Keys.TAB).perform();
        }
        throw new AssertionError("Tab never reached " + text);
    }

    private void assertAccessible(String state) throws Exception {
        Chromium.assertAccessible(browser, state);
    }
}
