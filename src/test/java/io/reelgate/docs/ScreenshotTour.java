package io.reelgate.docs;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;

/**
 * Refreshes the screenshots in {@code docs/screenshots/} (1280 and 375 px wide). Not part of the
 * normal run: {@code ./mvnw verify -Dtest=ScreenshotTour -Dreelgate.screenshots=true}.
 */
@QuarkusTest
class ScreenshotTour {

    @Inject
    Fixtures fixtures;
    @Inject
    TeamDirectory teams;
    @Inject
    io.reelgate.budget.BudgetSettings settings;

    Team acme;

    @BeforeEach
    void onlyWhenAsked() {
        Assumptions.assumeTrue(Boolean.getBoolean("reelgate.screenshots"), "screenshots not requested");
        long alice = fixtures.userId(Login.as("alice"));
        acme = teams.create(Fixtures.unique("acme"), "Acme", Tier.PRO, "America/Los_Angeles");
        teams.putMember(acme.id, alice, TeamRole.ADMIN);
        for (String name : List.of("bob", "dave")) {
            teams.putMember(acme.id, fixtures.userId(Login.as(name)), TeamRole.MEMBER);
        }
        Team globex = teams.create(Fixtures.unique("globex"), "Globex", Tier.PLUS, "Europe/Berlin");
        teams.putMember(globex.id, alice, TeamRole.MEMBER);
    }

    /** Providers other than Sora: the grouped model select, a video whose previews Reelgate made, the providers on /ops. */
    @Test
    void anyProvider() {
        settings.update(acme.id, new io.reelgate.budget.BudgetSettings.Form("250", "1", "HARD", "0", "", "50,75,90,100"));
        for (int width : new int[] { 1280, 375 }) {
            try (Browser browser = Browser.open(width)) {
                var driver = browser.driver();
                browser.signInAs("alice");
                browser.waiting().until(ExpectedConditions.urlContains("/t/"));
                browser.go("/t/" + acme.slug + "/studio");
                pinVeo("replicate/google/veo-3.1");
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("model"))).selectByValue("veo-3.1");
                browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-facts"),
                        "Replicate"));
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("seconds"))).selectByValue("8");
                browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$1.60"));
                driver.findElement(By.id("audio")).click();
                driver.findElement(By.id("prompt")).sendKeys("A lantern festival over a river at dusk, slow crane up, "
                        + "warm light, cinematic");
                browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$3.20"));
                browser.screenshot("studio-providers-" + width);
                driver.findElement(By.id("submit-button")).click();
                browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "on its way"));
                String card = driver.findElement(By.cssSelector(".job-card")).getAttribute("id");
                new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(90))
                        .until(ExpectedConditions.textToBePresentInElementLocated(By.id(card), "Ready in"));
                browser.go("/t/" + acme.slug + "/videos/" + card.substring("job-".length()));
                browser.screenshot("video-derived-" + width);
            }
            try (Browser ops = Browser.open(width)) {
                ops.signInAs("olivia");
                ops.waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
                ops.go("/ops");
                ops.driver().findElement(By.id("providers-title")).click();
                ops.screenshot("ops-providers-" + width);
            }
        }
    }

    /** Acme's admin pins Veo 3.1 to one route (the studio lists the model once; this picks its provider). */
    private void pinVeo(String route) {
        routePolicies.save(acme.id, new io.reelgate.team.RoutePolicies.TeamPolicy("veo-3.1", "PINNED", route,
                java.util.Set.of()));
    }

    @org.junit.jupiter.api.AfterEach
    void operatorsRoutePolicy() {
        routePolicies.reset(acme.id, "veo-3.1");
    }

    /** Reach: Veo 3.1 on Vertex AI and at Runway in the studio (sound as a priced choice), every provider on /ops with Vertex's identity, billing drift. */
    @Test
    void reach() {
        settings.update(acme.id, new io.reelgate.budget.BudgetSettings.Form("250", "1", "HARD", "0", "", "50,75,90,100"));
        long alice = fixtures.userId(Login.as("alice"));
        var admitted = (io.reelgate.budget.AdmissionResult.Admitted) admission.admit(new io.reelgate.budget.AdmissionRequest(
                acme.id, alice, "openrouter", "alibaba/wan-2.6", "1280x720", 5, false));
        settlement.settle(admitted.reservationId(), io.reelgate.budget.SettlementOutcome.COMPLETED, 5, 230_000L);
        for (int width : new int[] { 1280, 375 }) {
            try (Browser browser = Browser.open(width)) {
                var driver = browser.driver();
                browser.signInAs("alice");
                browser.waiting().until(ExpectedConditions.urlContains("/t/"));
                browser.go("/t/" + acme.slug + "/studio");
                pinVeo("vertex/veo-3.1-generate-001");
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("model"))).selectByValue("veo-3.1");
                browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-facts"), "Vertex"));
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("seconds"))).selectByValue("8");
                driver.findElement(By.id("prompt")).sendKeys("A paper boat on a rain gutter, macro lens, soft morning light");
                browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-cost"), "$"));
                browser.screenshot("studio-vertex-" + width);
                pinVeo("runway/veo3.1");
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("model"))).selectByValue("simulator/sora-2");
                browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-facts"), "Sora"));
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("model"))).selectByValue("veo-3.1");
                browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-facts"), "Runway"));
                new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("seconds"))).selectByValue("6");
                browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$1.20"));
                browser.screenshot("studio-runway-" + width);
            }
            try (Browser ops = Browser.open(width)) {
                ops.signInAs("olivia");
                ops.waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
                ops.go("/ops");
                ops.waiting().until(d -> d.findElement(By.cssSelector("[data-testid=reconciliation]")).getText()
                        .contains("Checked"));
                ops.screenshot("ops-reach-" + width);
                ops.driver().findElement(By.cssSelector("[data-testid=catalog-refresh-openrouter] button")).click();
                ops.waiting().until(ExpectedConditions.urlContains("/catalog/check"));
                ops.screenshot("ops-catalog-check-" + width);
            }
        }
    }

    @Inject
    io.reelgate.team.RoutePolicies routePolicies;
    @Inject
    io.reelgate.testing.RouteHealth routeHealth;

    /**
     * One model, many routes: Veo 3.1 once in the studio with the routes the team may use, and a
     * video that moved from the Gemini API (down) to Replicate saying so on its card and page.
     */
    @Test
    void routesForMembers() {
        settings.update(acme.id, new io.reelgate.budget.BudgetSettings.Form("250", "1", "HARD", "0", "", "50,75,90,100"));
        routePolicies.save(acme.id, new io.reelgate.team.RoutePolicies.TeamPolicy("veo-3.1", "ORDERED", null,
                java.util.Set.of("vertex/veo-3.1-generate-001")));
        try {
            for (int width : new int[] { 1280, 375 }) {
                routeHealth.restore();
                io.reelgate.testing.ProviderRuns.faults(java.util.Map.of("only", "gemini", "serverErrorNext", 100_000));
                try (Browser browser = Browser.open(width)) {
                    var driver = browser.driver();
                    browser.signInAs("alice");
                    browser.waiting().until(ExpectedConditions.urlContains("/t/"));
                    browser.go("/t/" + acme.slug + "/studio");
                    new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("model"))).selectByValue("veo-3.1");
                    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("provider-facts"),
                            "Veo 3.1 via"));
                    driver.findElement(By.cssSelector("#route-picker summary")).click();
                    driver.findElement(By.id("prompt")).sendKeys("A night market in the rain, paper lanterns, slow dolly "
                            + "through the crowd, cinematic");
                    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-cost"), "$"));
                    browser.screenshot("studio-routes-" + width);
                    driver.findElement(By.id("submit-button")).click();
                    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"),
                            "on its way"));
                    String card = driver.findElement(By.cssSelector(".job-card")).getAttribute("id");
                    new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(90))
                            .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                            .until(ExpectedConditions.textToBePresentInElementLocated(By.id(card), "Ready in"));
                    browser.screenshot("studio-routed-job-" + width);
                    browser.go("/t/" + acme.slug + "/videos/" + card.substring("job-".length()));
                    browser.screenshot("video-route-" + width);
                }
            }
        } finally {
            routeHealth.restore();
        }
    }

    @Inject
    io.reelgate.provider.RouteBreakers breakers;
    @Inject
    io.reelgate.generation.GenerationService generation;
    @Inject
    io.reelgate.generation.JobStore jobStore;

    /** One model, many routes: the team's route policy page, the Routes section on /ops, spend per route. */
    @Test
    void routesForAdminsAndOperators() throws Exception {
        settings.update(acme.id, new io.reelgate.budget.BudgetSettings.Form("250", "1", "HARD", "0", "", "50,75,90,100"));
        long bob = fixtures.userId(Login.as("bob"));
        routePolicies.save(acme.id, new io.reelgate.team.RoutePolicies.TeamPolicy("veo-3.1", "CHEAPEST", null,
                java.util.Set.of("openrouter/google/veo-3.1", "runway/veo3.1")));
        for (String prompt : List.of("A kite over dunes at noon, wide shot", "A tram in the snow at night, close up")) {
            long id = ((io.reelgate.generation.GenerationService.Queued) generation.submit(
                    io.reelgate.generation.GenerationService.Request.of(acme.id, bob, null, "veo-3.1", "1280x720", 6,
                            prompt))).job().id();
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> jobStore.find(id).orElseThrow().state.terminal());
        }
        videos.make(acme.id, bob, "A red paper boat drifting on a misty pond at dawn");
        for (int i = 0; i < 3; i++) {
            breakers.failed("fal/fal-ai/veo3.1", "HTTP 503 from fal.ai: service temporarily unavailable, try again later");
        }
        breakers.failed("veo/veo-3.1-generate-preview", "connect timed out after 10 s");
        try {
            for (int width : List.of(1280, 375)) {
                try (Browser browser = Browser.open(width)) {
                    browser.signInAs("alice");
                    browser.waiting().until(ExpectedConditions.urlContains("/t/"));
                    browser.go("/t/" + acme.slug + "/admin/routes");
                    browser.screenshot("admin-routes-" + width);
                    browser.go("/t/" + acme.slug + "/admin");
                    browser.driver().findElement(By.id("routes-title")).click();
                    browser.screenshot("admin-dashboard-routes-" + width);
                }
                try (Browser ops = Browser.open(width)) {
                    ops.signInAs("olivia");
                    ops.waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
                    ops.go("/ops");
                    ops.driver().findElement(By.id("routes-title")).click();
                    ops.screenshot("ops-routes-" + width);
                }
            }
        } finally {
            try (var c = dataSource.getConnection(); var st = c.createStatement()) {
                st.executeUpdate("delete from route_breaker");
            }
        }
    }

    @Inject
    io.reelgate.api.ApiKeys apiKeys;

    /** The Videos API's pages: keys (with a new key shown once), webhooks with a delivery log, spend by key. */
    @Test
    void videosApi() throws Exception {
        settings.update(acme.id, new io.reelgate.budget.BudgetSettings.Form("250", "1", "HARD", "0", "", "50,75,90,100"));
        long bob = teams.people(acme.id).stream().filter(p -> p.name().startsWith("Bob")).findFirst().orElseThrow().userId();
        String bobsKey = apiKeys.create(acme.id, bob, "nightly renders", 90).secret();
        com.sun.net.httpserver.HttpServer receiver = com.sun.net.httpserver.HttpServer
                .create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hooks", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(204, -1);
            x.close();
        });
        receiver.start();
        try {
            for (String prompt : List.of("A paper boat on a rainy street, close up", "Timelapse of clouds over a mountain lake")) {
                io.restassured.RestAssured.given().header("Authorization", "Bearer " + bobsKey).contentType("application/json")
                        .body(java.util.Map.of("prompt", prompt, "seconds", "4")).post("/v1/videos").then().statusCode(200);
            }
            for (int width : new int[] { 1280, 375 }) {
                try (Browser browser = Browser.open(width)) {
                    var driver = browser.driver();
                    browser.signInAs("alice");
                    browser.waiting().until(ExpectedConditions.urlContains("/t/"));
                    browser.go("/t/" + acme.slug + "/admin/webhooks");
                    if (driver.findElements(By.cssSelector("[data-testid^=endpoint-]")).isEmpty()) {
                        driver.findElement(By.id("webhook-url")).sendKeys("http://127.0.0.1:" + receiver.getAddress().getPort()
                                + "/hooks");
                        driver.findElement(By.cssSelector("#register-title ~ form button[type=submit]")).click();
                        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=webhook-secret]")));
                        browser.screenshot("webhooks-registered-" + width);
                        browser.go("/t/" + acme.slug + "/keys");
                        driver.findElement(By.id("key-name")).sendKeys("render script");
                        driver.findElement(By.cssSelector("#create-title ~ form button[type=submit]")).click();
                        browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=key-secret]")));
                        browser.screenshot("api-key-created-" + width);
                        io.restassured.RestAssured.given().header("Authorization", "Bearer " + bobsKey)
                                .contentType("application/json").body(java.util.Map.of("prompt",
                                        "A lighthouse at dawn, waves below", "seconds", "8")).post("/v1/videos").then()
                                .statusCode(200);
                    }
                    new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(60)).until(d -> {
                        browser.go("/t/" + acme.slug + "/admin/webhooks");
                        return d.findElements(By.cssSelector("[data-testid^=delivery-]")).size() >= 1
                                && d.findElements(By.xpath("//*[contains(@class,'badge') and text()='Retrying' or text()='Queued']"))
                                        .isEmpty();
                    });
                    browser.screenshot("webhooks-" + width);
                    browser.go("/t/" + acme.slug + "/keys");
                    browser.screenshot("api-keys-" + width);
                    new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(60)).until(d -> {
                        browser.go("/t/" + acme.slug + "/studio");
                        return d.findElements(By.cssSelector(".job-card.tone-brand, .job-card.tone-warning")).isEmpty();
                    });
                    browser.screenshot("studio-via-api-" + width);
                    browser.go("/t/" + acme.slug + "/admin");
                    driver.findElement(By.id("keys-title")).click();
                    browser.screenshot("admin-dashboard-keys-" + width);
                }
            }
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void studio() {
        settings.update(acme.id, new io.reelgate.budget.BudgetSettings.Form("250", "1", "HARD", "0", "", "50,75,90,100"));
        try (Browser browser = Browser.open(1280)) {
            var driver = browser.driver();
            browser.signInAs("alice");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            for (String prompt : List.of("A red paper boat drifting on a misty pond at dawn, slow dolly in, golden light",
                    "Neon city traffic in the rain at night, overhead drone shot, cinematic",
                    "Darth Vader surfing a giant wave")) {
                browser.go("/t/" + acme.slug + "/studio");
                driver.findElement(By.id("prompt")).sendKeys(prompt);
                driver.findElement(By.id("submit-button")).click();
                browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "on its way"));
            }
            new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(60))
                    .until(d -> d.findElements(By.cssSelector(".job-card.tone-brand, .job-card.tone-warning")).isEmpty());
            io.restassured.RestAssured.given().header("Authorization", "Bearer sk-sim-reelgate-dev")
                    .contentType("application/json").body(java.util.Map.of("webhookDrop", true))
                    .put("/sim/admin/faults").then().statusCode(200);
            browser.go("/t/" + acme.slug + "/studio");
            driver.findElement(By.id("prompt")).sendKeys("A hot air balloon over a canyon at sunrise, wide shot, Nike logo");
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("seconds"))).selectByValue("8");
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("lint"), "Brand name"));
            browser.waiting().until(ExpectedConditions.textToBe(By.id("estimate-cost"), "$0.80"));
            browser.screenshot("studio-composing-1280");
            driver.findElement(By.id("submit-button")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".job-card"), "Generating"));
            browser.screenshot("studio-running-1280");
            try (Browser narrow = Browser.open(375)) {
                narrow.signInAs("alice");
                narrow.waiting().until(ExpectedConditions.urlContains("/t/"));
                narrow.go("/t/" + acme.slug + "/studio");
                narrow.screenshot("studio-running-375");
                io.restassured.RestAssured.given().header("Authorization", "Bearer sk-sim-reelgate-dev")
                        .contentType("application/json").body(java.util.Map.of()).put("/sim/admin/faults");
                new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(60))
                        .until(d -> d.findElements(By.cssSelector(".job-card.tone-brand, .job-card.tone-warning")).isEmpty());
                narrow.go("/t/" + acme.slug + "/studio");
                narrow.screenshot("studio-finished-375");
            }
            browser.go("/t/" + acme.slug + "/studio");
            browser.screenshot("studio-finished-1280");
        }
    }

    @Inject
    io.reelgate.testing.Videos videos;

    static final List<String> GALLERY_PROMPTS = List.of("A red paper boat drifting on a misty pond at dawn, slow dolly in",
            "Neon city traffic in the rain at night, overhead drone shot",
            "A hot air balloon over a canyon at sunrise, wide shot",
            "Slow motion waves crashing on black volcanic sand",
            "A fox walking through fresh snow in a birch forest",
            "Lanterns rising over a river during a festival, handheld");

    /** Makes a video per prompt, by Alice and Bob in turn; returns the last one's id. */
    private long madeByAliceAndBob(List<String> prompts) {
        long alice = fixtures.userId(Login.as("alice"));
        long bob = fixtures.userId(Login.as("bob"));
        long last = 0;
        for (int i = 0; i < prompts.size(); i++) {
            last = videos.make(acme.id, i % 2 == 0 ? alice : bob, prompts.get(i));
        }
        return last;
    }

    @Test
    void gallery() {
        settings.update(acme.id, new io.reelgate.budget.BudgetSettings.Form("250", "1", "HARD", "0", "", "50,75,90,100"));
        long shown = madeByAliceAndBob(GALLERY_PROMPTS);
        try (Browser browser = Browser.open(1280)) {
            var driver = browser.driver();
            browser.signInAs("alice");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + acme.slug + "/videos/" + shown);
            driver.findElement(By.cssSelector(".page-header .star")).click();
            browser.waiting().until(ExpectedConditions.attributeToBe(By.cssSelector(".page-header .star"), "aria-pressed", "true"));
            driver.findElement(By.id("share-views")).sendKeys("25");
            driver.findElement(By.id("create-link")).click();
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("new-link")));
            String shareUrl = driver.findElement(By.id("new-link")).getAttribute("value");
            browser.screenshot("video-page-1280");
            browser.go("/t/" + acme.slug + "/gallery");
            var media = driver.findElement(By.cssSelector(".gcard-media"));
            new org.openqa.selenium.interactions.Actions(driver).moveToElement(media, 30, 0).perform();
            browser.waiting().until(d -> !d.findElements(By.cssSelector(".gcard-media .sprite")).isEmpty());
            browser.screenshot("gallery-1280");
            browser.go("/t/" + acme.slug + "/gallery?q=submarine");
            browser.screenshot("gallery-no-match-1280");
            browser.go("/t/" + acme.slug + "/admin/ledger");
            browser.screenshot("ledger-1280");
            try (Browser narrow = Browser.open(375)) {
                narrow.signInAs("alice");
                narrow.waiting().until(ExpectedConditions.urlContains("/t/"));
                narrow.go("/t/" + acme.slug + "/gallery");
                narrow.screenshot("gallery-375");
                narrow.go("/t/" + acme.slug + "/videos/" + shown);
                narrow.screenshot("video-page-375");
                narrow.go("/t/" + acme.slug + "/admin/ledger");
                narrow.screenshot("ledger-375");
            }
            for (int width : List.of(1280, 375)) {
                try (Browser stranger = Browser.open(width)) {
                    stranger.go(shareUrl);
                    stranger.screenshot("share-page-" + width);
                    if (width == 1280) {
                        stranger.go("/s/" + "A".repeat(43));
                        stranger.screenshot("share-gone-1280");
                    }
                }
            }
        }
    }

    /** The team home with money, videos and an alert; then studio, gallery and dashboard in the dark scheme. */
    @Test
    void homeAndDarkScheme() {
        settings.update(acme.id, new io.reelgate.budget.BudgetSettings.Form("40", "1", "HARD", "0", "", "50,75,90,100"));
        long alice = fixtures.userId(Login.as("alice"));
        long bob = fixtures.userId(Login.as("bob"));
        madeByAliceAndBob(GALLERY_PROMPTS.stream().filter(p -> !p.startsWith("Slow motion")).toList());
        for (int i = 0; i < 7; i++) { // $21 of $40: the 50 % alert fires
            var r = admission.admit(new io.reelgate.budget.AdmissionRequest(acme.id, i % 2 == 0 ? bob : alice, "simulator",
                    "sora-2-pro", "1280x720", 10, false));
            settlement.settle(((io.reelgate.budget.AdmissionResult.Admitted) r).reservationId(),
                    io.reelgate.budget.SettlementOutcome.COMPLETED, 10);
        }
        videos.row(acme.id, bob, "Slow motion waves crashing on black volcanic sand", "sora-2", "SUBMITTED",
                java.time.Instant.now());
        for (int width : List.of(1280, 375)) {
            try (Browser browser = Browser.open(width)) {
                browser.signInAs("alice");
                browser.waiting().until(ExpectedConditions.urlContains("/t/"));
                browser.go("/t/" + acme.slug);
                browser.screenshot("team-home-" + width);
                browser.colourScheme("dark");
                browser.go("/t/" + acme.slug);
                browser.screenshot("dark-team-home-" + width);
                browser.go("/t/" + acme.slug + "/studio");
                browser.screenshot("dark-studio-" + width);
                browser.go("/t/" + acme.slug + "/gallery");
                browser.screenshot("dark-gallery-" + width);
                browser.go("/t/" + acme.slug + "/admin");
                browser.screenshot("dark-dashboard-" + width);
            }
        }
    }

    @Test
    void foundationPages() {
        for (int width : List.of(1280, 375)) {
            try (Browser browser = Browser.open(width)) {
                browser.go("/");
                browser.screenshot("landing-" + width);
                browser.signInAs("alice");
                browser.waiting().until(ExpectedConditions.urlContains("/t/"));
                browser.go("/me");
                browser.screenshot("profile-" + width);
                browser.go("/t/no-such-team");
                browser.screenshot("not-found-" + width);
            }
        }
    }

    @Inject
    io.reelgate.budget.Admission admission;
    @Inject
    io.reelgate.budget.Settlement settlement;
    @Inject
    javax.sql.DataSource dataSource;
    @Inject
    io.reelgate.team.Invitations invitations;
    @Inject
    io.reelgate.budget.TeamSettings teamSettings;

    /** The admin console with a month of spend: usage dashboard, members, settings, history, operator view. */
    @Test
    void admin() throws Exception {
        settings.update(acme.id, new io.reelgate.budget.BudgetSettings.Form("120", "1", "HARD", "0", "", "50,75,90,100"));
        long alice = fixtures.userId(Login.as("alice"));
        long bob = fixtures.userId(Login.as("bob"));
        long dave = fixtures.userId(Login.as("dave"));
        long[] people = { alice, bob, bob, dave, bob };
        java.time.ZonedDateTime local = java.time.Instant.now().atZone(acme.zone());
        int days = local.getDayOfMonth() - 1; // whole days of this period before today
        for (int i = 0; i < 46; i++) {
            boolean pro = i % 4 == 0;
            int seconds = pro ? 10 : (i % 3 == 0 ? 12 : 8);
            var r = admission.admit(new io.reelgate.budget.AdmissionRequest(acme.id, people[i % people.length], "simulator",
                    pro ? "sora-2-pro" : "sora-2", "1280x720", seconds, false));
            long id = ((io.reelgate.budget.AdmissionResult.Admitted) r).reservationId();
            settlement.settle(id, i % 9 == 5 ? io.reelgate.budget.SettlementOutcome.MODERATION_BLOCKED
                    : io.reelgate.budget.SettlementOutcome.COMPLETED, seconds);
            int back = days == 0 ? 0 : days - (i * days / 46);
            try (var c = dataSource.getConnection(); var ps = c.prepareStatement(
                    "update ledger_entry set created_at = created_at - make_interval(days => ?) where reservation_id = ?")) {
                ps.setInt(1, back);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
        }
        for (int i = 0; i < 3; i++) { // last period, for the period switcher
            var r = admission.admit(new io.reelgate.budget.AdmissionRequest(acme.id, people[i], "simulator", "sora-2",
                    "1280x720", 12, false), java.time.Instant.now().minus(java.time.Duration.ofDays(35)));
            settlement.settle(((io.reelgate.budget.AdmissionResult.Admitted) r).reservationId(),
                    io.reelgate.budget.SettlementOutcome.COMPLETED, 12);
        }
        try (var c = dataSource.getConnection(); var st = c.createStatement()) {
            // the rollup follows entries as they are written; rebuild it for the back-dated ones
            st.executeUpdate("delete from spend_day where team_id = " + acme.id);
            st.executeUpdate("insert into spend_day (team_id, period_start, day, member_id, model, spent_micros, charges) "
                    + "select e.team_id, e.period_start, (e.created_at at time zone t.time_zone)::date, coalesce(e.member_id, 0), "
                    + "coalesce(r.model, ''), sum(case when e.kind = 'REFUND' then -e.amount_micros else e.amount_micros end), "
                    + "count(*) filter (where e.kind = 'CHARGE') from ledger_entry e join team t on t.id = e.team_id "
                    + "left join reservation r on r.id = e.reservation_id where e.team_id = " + acme.id
                    + " and e.kind in ('CHARGE', 'REFUND', 'ADJUSTMENT') group by 1, 2, 3, 4, 5");
        }
        io.reelgate.testing.JobSeeder.seed(dataSource, acme.id, bob, 40, Math.max(1, days));
        String token = invitations.invite(acme.id, "erin@example.com", TeamRole.MEMBER, false, alice).token();
        invitations.invite(acme.id, "frank@example.com", TeamRole.ADMIN, true, alice);
        io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(() -> teamSettings.save(acme.id, alice,
                new io.reelgate.budget.TeamSettings.Form(new io.reelgate.budget.BudgetSettings.Form("120", "1", "SOFT", "10",
                        "60", "50, 75, 90, 100"), "America/Los_Angeles", List.of(dave), List.of("25"), List.of(alice, bob))));

        for (int width : List.of(1280, 375)) {
            try (Browser browser = Browser.open(width)) {
                browser.signInAs("alice");
                browser.waiting().until(ExpectedConditions.urlContains("/t/"));
                browser.go("/t/" + acme.slug + "/admin");
                browser.screenshot("admin-dashboard-" + width);
                browser.go("/t/" + acme.slug + "/admin/settings");
                browser.screenshot("admin-settings-" + width);
                browser.go("/t/" + acme.slug + "/admin/members");
                browser.screenshot("admin-members-" + width);
                browser.go("/t/" + acme.slug + "/admin/history");
                browser.screenshot("admin-history-" + width);
            }
            try (Browser invitee = Browser.open(width)) {
                invitee.go("/invitations/" + token);
                invitee.loginOnIdpPage("erin", "user");
                invitee.waiting().until(ExpectedConditions.urlContains("/invitations/"));
                invitee.screenshot("invitation-" + width);
            }
            try (Browser ops = Browser.open(width)) {
                ops.signInAs("olivia");
                ops.waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
                ops.go("/ops");
                ops.waiting().until(d -> d.findElement(By.cssSelector("[data-testid=reconciliation]")).getText().contains("Checked"));
                ops.screenshot("ops-" + width);
                ops.go("/ops/teams/" + acme.slug);
                ops.screenshot("ops-team-" + width);
            }
        }
    }
}
