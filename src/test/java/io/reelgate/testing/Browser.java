package io.reelgate.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium through chromedriver. Without the browser, tests skip with a message;
 * with {@code -Dreelgate.browser.required=true} (CI) they fail instead.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of(System.getProperty("reelgate.browser.binary", "/usr/bin/chromium"));
    private static final Path DRIVER = Path.of(System.getProperty("reelgate.browser.driver", "/usr/bin/chromedriver"));

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** A fresh browser (own profile, no cookies) with a window {@code width} pixels wide. */
    public static Browser open(int width) {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String message = "Chromium or chromedriver missing (" + CHROMIUM + ", " + DRIVER
                    + "); install with: apt-get install -y chromium chromium-driver";
            if (Boolean.getBoolean("reelgate.browser.required")) {
                Assertions.fail(message);
            }
            Assumptions.abort(message);
        }
        try {
            Path profile = Files.createTempDirectory("reelgate-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                    "--hide-scrollbars", "--autoplay-policy=no-user-gesture-required",
                    "--user-data-dir=" + profile.toAbsolutePath());
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().window().setSize(new Dimension(width, 900));
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Browser(driver, profile);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** A 20-second wait that retries when HTMX swapped the element it was reading. */
    public WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    public void go(String path) {
        driver.get(path.startsWith("http") ? path : Login.baseUrl() + path);
    }

    /** Signs in on the OIDC dev service's login page by clicking the predefined user's button. */
    public void signInAs(String predefinedUser) {
        go("/login");
        driver.findElement(org.openqa.selenium.By.name("predefined-" + predefinedUser)).click();
    }

    /** Signs in with the login page's custom-user form. */
    public void signInAsCustom(String username, String roles) {
        go("/login");
        loginOnIdpPage(username, roles);
    }

    /**
     * On the IdP's login page (reached through any protected link), waits for it and signs in
     * with its custom-user form; OIDC then returns to the page that was asked for.
     */
    public void loginOnIdpPage(String username, String roles) {
        waiting().until(d -> !d.findElements(org.openqa.selenium.By.cssSelector("summary.custom-link")).isEmpty());
        driver.findElement(org.openqa.selenium.By.cssSelector("summary.custom-link")).click();
        driver.findElement(org.openqa.selenium.By.cssSelector("form.custom-form input[name=name]")).sendKeys(username);
        driver.findElement(org.openqa.selenium.By.cssSelector("form.custom-form input[name=roles]")).sendKeys(roles);
        driver.findElement(org.openqa.selenium.By.cssSelector("form.custom-form button")).click();
    }

    /** Starts the page's video muted and asserts it plays past half a second without a media error. */
    public static void playsFromTheStart(WebDriver driver) {
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) driver;
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(js.executeScript(
                "const v = document.querySelector('video'); if (!v) return false; v.muted = true; v.play(); return true;")));
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> ((Number) js.executeScript(
                "return document.querySelector('video').currentTime")).doubleValue() > 0.5);
        Assertions.assertEquals(0, ((Number) js.executeScript("return document.querySelector('video').error ? 1 : 0")).intValue(),
                "the video element reports no media error");
    }

    /** Makes pages see the system colour scheme {@code dark} or {@code light} ({@code prefers-color-scheme}). */
    public void colourScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", java.util.List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Saves a full-page screenshot under {@code docs/screenshots/} (kept in the repository). */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("docs", "screenshots"));
            long width = ((Number) driver.executeScript("return document.documentElement.clientWidth")).longValue();
            long height = ((Number) driver.executeScript(
                    "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")).longValue();
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of("width", width,
                    "height", Math.min(height, 5000), "deviceScaleFactor", 1, "mobile", false));
            // the whole page is in view now: let lazy images load before the picture is taken
            new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> Boolean.TRUE.equals(driver.executeScript(
                    "return Array.from(document.images).every(i => !i.getAttribute('src') || i.complete && i.naturalWidth > 0)")));
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
            return file;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile; the OS cleans up what is left
        }
    }

    static {
        // Selenium must not try to download drivers on this closed network.
        System.setProperty("SE_AVOID_STATS", "true");
    }

}
