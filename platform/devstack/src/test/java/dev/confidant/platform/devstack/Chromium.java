package dev.confidant.platform.devstack;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The browser the widget's and the console's journeys drive: Debian's headless Chromium, and axe-core in the page. */
final class Chromium {

    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static String axe;

    private Chromium() {
    }

    /** Skips the calling test class where no Chromium is installed; in CI its absence is a failure. */
    static void assumeInstalled() {
        boolean present = Files.isExecutable(BINARY) && Files.isExecutable(DRIVER);
        if (!present && System.getenv("CI") != null) {
            throw new AssertionError("CI must run the browser tests: install chromium and chromium-driver (.ci/run does)");
        }
        Assumptions.assumeTrue(present, "browser tests skipped: no Chromium at " + BINARY + " and " + DRIVER);
    }

    /** A fresh headless browser in {@code language}, its window {@code width} × {@code height} (a phone below 500). */
    static ChromeDriver start(String language, int width, int height) {
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--window-size=" + width + "," + height, "--lang=" + language);
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        if (width < 500) { // a desktop window cannot be that narrow: emulate the phone's screen
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 2, "mobile", true));
        }
        return browser;
    }

    static void screenshot(ChromeDriver browser, Path directory, String name) throws IOException {
        Files.createDirectories(directory);
        File shot = browser.getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), directory.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Runs axe-core (the npm package) in the page; no serious or critical violation may remain. */
    @SuppressWarnings("unchecked")
    static void assertAccessible(ChromeDriver browser, String state) throws Exception {
        ((JavascriptExecutor) browser).executeScript(axeSource());
        Map<String, Object> result = (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] }).then(r => done({
                  violations: r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => JSON.stringify(n.target)).join(', '))
                })).catch(e => done({ error: String(e) }));
                """);
        assertNull(result.get("error"), () -> "axe failed: " + result.get("error"));
        assertEquals(List.of(), result.get("violations"), "accessibility of the " + state);
    }

    /** axe-core, installed once with npm from src/test/browser/package.json into target/. */
    private static synchronized String axeSource() throws Exception {
        if (axe != null) {
            return axe;
        }
        Path tools = DevstackHarness.ROOT.resolve("platform/devstack/target/browser-tools");
        Path script = tools.resolve("node_modules/axe-core/axe.min.js");
        if (!Files.exists(script)) {
            Files.createDirectories(tools);
            Files.copy(DevstackHarness.ROOT.resolve("platform/devstack/src/test/browser/package.json"),
                    tools.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
            Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-package-lock")
                    .directory(tools.toFile()).redirectErrorStream(true).start();
            String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(npm.waitFor(5, TimeUnit.MINUTES) && npm.exitValue() == 0, "npm install axe-core: " + output);
        }
        axe = Files.readString(script);
        return axe;
    }
}
