package io.reelgate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.generation.GenerationService;
import io.reelgate.generation.JobState;
import io.reelgate.generation.JobStore;
import io.reelgate.generation.VideoJob;
import io.reelgate.provider.Providers;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;
import io.reelgate.videos.ModelMenu;
import io.restassured.response.Response;

/**
 * Providers added in the operator console: a job runs on one without a restart, its key rotates,
 * disabling it refuses new jobs while a running one finishes, a dated price charges jobs admitted
 * before and after it differently, and the key never shows in a page, the export, the audit trail
 * or a log line.
 */
@QuarkusTest
class ProviderConsoleTest {

    static final String FIRST_KEY = "sk-sim-console-first-1111";
    static final String SECOND_KEY = "sk-sim-console-second-2222";
    static final String WRONG_KEY = "sk-sim-console-wrong-9999";

    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    Providers providers;
    @Inject
    BudgetSettings budgets;
    @Inject
    ModelMenu menu;
    @Inject
    Fixtures fixtures;
    @Inject
    TestClock clock;
    @Inject
    EntityManager em;

    Session operator;
    final List<String> logged = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(r.getMessage() + " " + java.util.Arrays.toString(r.getParameters())
                        + (r.getThrown() != null ? " " + r.getThrown() : ""));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void start() {
        clock.reset();
        java.util.logging.Logger.getLogger("").addHandler(capture);
        operator = Login.as(Fixtures.unique("opal"), "user,operator");
    }

    @AfterEach
    void stop() {
        java.util.logging.Logger.getLogger("").removeHandler(capture);
        clock.reset();
    }

    private Response post(String path, String name, String apiKey, String... models) {
        var request = operator.given().header("X-CSRF-Token", operator.csrf()).multiPart("type", "openai")
                .multiPart("label", "Console Sora " + name).multiPart("simulated", "on").multiPart("upstreamRpm", "600")
                .multiPart("properties", "capabilities.remix=false\n# a comment");
        if (path.equals("/ops/providers")) {
            request.multiPart("name", name);
        }
        if (apiKey != null) {
            request.multiPart("apiKey", apiKey);
        }
        for (String m : models) {
            request.multiPart("models", m);
        }
        return request.post(path);
    }

    private Team team(String prefix) {
        Team team = fixtures.team(prefix, Tier.PRO);
        budgets.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 100_000, 1_000_000);
        return team;
    }

    private GenerationService.Submitted submit(Team team, long member, String provider) {
        return generation.submit(GenerationService.Request.of(team.id, member, provider, "sora-2", "1280x720", 4,
                "a lighthouse at dusk " + Fixtures.unique("p")));
    }

    private VideoJob finished(GenerationService.Submitted submitted) {
        assertThat(submitted).as("admitted").isInstanceOf(GenerationService.Queued.class);
        long id = ((GenerationService.Queued) submitted).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        return jobs.find(id).orElseThrow();
    }

    @Test
    void aProviderAddedInTheConsoleRunsJobsAtOnceItsKeyRotatesAndDisablingItStopsOnlyNewWork() {
        String name = "console-" + Fixtures.unique("s").toLowerCase().replaceAll("[^a-z0-9]", "");
        Team team = team("console");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);

        // bad input changes nothing
        Response unknownType = operator.given().header("X-CSRF-Token", operator.csrf()).multiPart("name", name)
                .multiPart("type", "sora-cloud").multiPart("apiKey", FIRST_KEY).post("/ops/providers");
        assertEquals(400, unknownType.statusCode());
        assertThat(Jsoup.parse(unknownType.asString()).selectFirst("[data-testid=error]").text())
                .contains("Unknown provider type 'sora-cloud'");
        Response badUrl = operator.given().header("X-CSRF-Token", operator.csrf()).multiPart("name", name)
                .multiPart("type", "openai").multiPart("baseUrl", "ftp://example.com").multiPart("apiKey", FIRST_KEY)
                .multiPart("models", "sora-2").post("/ops/providers");
        assertEquals(400, badUrl.statusCode());
        assertThat(badUrl.asString()).contains("is not an http(s) address").doesNotContain(FIRST_KEY);
        assertEquals(400, post("/ops/providers", name, FIRST_KEY).statusCode(), "no models");
        assertThat(providers.find(name)).isEmpty();

        // added: live at once, a job runs on it
        Response added = post("/ops/providers", name, FIRST_KEY, "sora-2", "sora-2-pro");
        assertEquals(303, added.statusCode(), added.asString());
        assertThat(providers.find(name)).as("live without a restart").isPresent();
        assertThat(providers.find(name).orElseThrow().capabilities().remix()).as("the typed capability override").isFalse();
        VideoJob first = finished(submit(team, member, name));
        assertEquals(JobState.COMPLETED, first.state, first.errorCode + " " + first.errorMessage);
        assertEquals(400_000L, first.chargedMicros, "4 s of sora-2 at the preset's $0.10/s");

        // a wrong key: the provider refuses it and the job waits for credentials; rotating the key lets that same job run
        assertEquals(303, post("/ops/providers/" + name, name, WRONG_KEY, "sora-2", "sora-2-pro").statusCode());
        var waiting = submit(team, member, name);
        long waitingId = ((GenerationService.Queued) waiting).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.find(waitingId).orElseThrow().errorMessage != null);
        VideoJob refused = jobs.find(waitingId).orElseThrow();
        assertEquals(JobState.ADMITTED, refused.state, "not failed: queued again until the credentials work");
        assertThat(refused.errorMessage).containsIgnoringCase("key");
        assertEquals(303, post("/ops/providers/" + name, name, SECOND_KEY, "sora-2", "sora-2-pro").statusCode());
        VideoJob rotated = finished(waiting);
        assertEquals(JobState.COMPLETED, rotated.state, rotated.errorCode + " " + rotated.errorMessage);
        assertEquals(400_000L, rotated.chargedMicros, "charged once, after the key was rotated");
        // a save without a key keeps the stored one
        assertEquals(303, post("/ops/providers/" + name, name, null, "sora-2", "sora-2-pro").statusCode());
        assertEquals(JobState.COMPLETED, finished(submit(team, member, name)).state);

        // disabled: a job already at the provider finishes; new ones are refused with the reason
        var running = submit(team, member, name);
        long runningId = ((GenerationService.Queued) running).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> jobs.find(runningId).orElseThrow().providerVideoId != null);
        assertEquals(303, operator.given().header("X-CSRF-Token", operator.csrf()).post("/ops/providers/" + name + "/disable")
                .statusCode());
        assertThat(providers.find(name)).isEmpty();
        assertThat(providers.tracking(name)).isPresent();
        VideoJob finishedAfterDisable = finished(running);
        assertEquals(JobState.COMPLETED, finishedAfterDisable.state, finishedAfterDisable.errorCode + " "
                + finishedAfterDisable.errorMessage);
        var refusedNew = submit(team, member, name);
        assertThat(refusedNew).isInstanceOf(GenerationService.Refused.class);
        assertThat(((GenerationService.Refused) refusedNew).message()).contains("was disabled by an operator");

        // nothing shows the key: the pages, the export, the audit trail, the log
        Document list = Jsoup.parse(operator.given().get("/ops/providers").then().statusCode(200).extract().asString());
        assertThat(list.selectFirst("[data-testid=provider-row-" + name + "]").text()).contains("Console").contains("…2222")
                .contains("Disabled");
        String edit = operator.given().get("/ops/providers/" + name + "/edit").then().statusCode(200).extract().asString();
        String export = operator.given().get("/ops/providers/export").then().statusCode(200).extract().asString();
        assertThat(export).contains("reelgate.providers." + name + ".type=openai")
                .contains("reelgate.providers." + name + ".enabled=false")
                .contains("reelgate.catalogs." + name + ".models.sora-2.seconds=4,8,12")
                .contains("# reelgate.providers." + name + ".api-key is set in the console");
        List<String> audit = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select coalesce(old_value, '') || ' ' || coalesce(new_value, '') from audit_event where subject = ?1",
                String.class).setParameter(1, name).getResultList());
        assertThat(audit).as("added, two key changes, disabled (a save that changes nothing is no change)")
                .hasSizeGreaterThanOrEqualTo(4);
        String stored = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select properties || secrets from console_provider where name = ?1").setParameter(1, name).getSingleResult());
        List<String> logs;
        synchronized (logged) {
            logs = List.copyOf(logged);
        }
        for (String key : List.of(FIRST_KEY, SECOND_KEY, WRONG_KEY)) {
            assertThat(list.html()).doesNotContain(key);
            assertThat(edit).doesNotContain(key);
            assertThat(export).doesNotContain(key);
            assertThat(audit).noneMatch(a -> a.contains(key));
            assertThat(stored).as("sealed at rest").doesNotContain(key);
            assertThat(logs).noneMatch(l -> l.contains(key));
        }
    }

    @Test
    void badInputGetsAClearErrorAndChangesNothing() {
        String name = "bad-" + Fixtures.unique("s").toLowerCase().replaceAll("[^a-z0-9]", "");
        long before = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from console_provider").getSingleResult()).longValue());

        Response notAnAccount = operator.given().header("X-CSRF-Token", operator.csrf()).multiPart("name", name)
                .multiPart("type", "vertex").multiPart("models", "veo-3.1-generate-001")
                .multiPart("keyFile", "key.json", "{\"type\": \"authorized_user\", \"client_id\": \"x\"}".getBytes(),
                        "application/json")
                .post("/ops/providers");
        assertEquals(400, notAnAccount.statusCode());
        assertThat(Jsoup.parse(notAnAccount.asString()).selectFirst("[data-testid=error]").text())
                .contains("not a Google Cloud service-account key file");

        Response noLengths = operator.given().header("X-CSRF-Token", operator.csrf()).multiPart("name", name)
                .multiPart("type", "openai").multiPart("simulated", "on").multiPart("apiKey", FIRST_KEY)
                .multiPart("properties", "catalog.models.clip.sizes=1280x720\ncatalog.models.clip.usd-per-second.1280x720=0.1")
                .post("/ops/providers");
        assertEquals(400, noLengths.statusCode());
        assertThat(Jsoup.parse(noLengths.asString()).selectFirst("[data-testid=error]").text()).contains("seconds");

        Response secretInProperties = operator.given().header("X-CSRF-Token", operator.csrf()).multiPart("name", name)
                .multiPart("type", "openai").multiPart("simulated", "on").multiPart("apiKey", FIRST_KEY)
                .multiPart("models", "sora-2").multiPart("models", "sora-2-pro").multiPart("properties", "api-key=" + SECOND_KEY)
                .post("/ops/providers");
        assertEquals(400, secretInProperties.statusCode());
        assertThat(secretInProperties.asString()).contains("secrets go in their own fields").doesNotContain(SECOND_KEY);

        Response configured = operator.given().header("X-CSRF-Token", operator.csrf()).multiPart("name", "replicate")
                .multiPart("type", "replicate").multiPart("apiKey", FIRST_KEY).post("/ops/providers");
        assertEquals(400, configured.statusCode());
        assertThat(configured.asString()).contains("is defined in the configuration");

        assertEquals(before, QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from console_provider").getSingleResult()).longValue()), "nothing was written");
        assertThat(providers.find(name)).isEmpty();
    }

    @Test
    void aPriceChangeAtASetTimeChargesJobsAdmittedBeforeAtTheOldPriceAndAfterAtTheNew() {
        String name = "priced-" + Fixtures.unique("s").toLowerCase().replaceAll("[^a-z0-9]", "");
        assertEquals(303, post("/ops/providers", name, FIRST_KEY, "sora-2", "sora-2-pro").statusCode());
        Team team = team("priced");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MINUTES); // the injected clock, fixed from here on
        clock.set(now);
        Instant from = now.plus(Duration.ofHours(2));

        // refused: a negative price, a resolution the model does not make
        Response negative = operator.form().formParam("model", "sora-2").formParam("key", "720p").formParam("usd", "-0.5")
                .post("/ops/providers/" + name + "/prices");
        assertEquals(400, negative.statusCode());
        assertThat(negative.asString()).contains("must not be negative");
        Response unknown = operator.form().formParam("model", "sora-2").formParam("key", "4k").formParam("usd", "0.5")
                .post("/ops/providers/" + name + "/prices");
        assertEquals(400, unknown.statusCode());
        assertThat(unknown.asString()).contains("has no resolution or size 4k");

        assertEquals(303, operator.form().formParam("model", "sora-2").formParam("key", "720p").formParam("usd", "0.25")
                .formParam("from", from.toString().substring(0, 16)).formParam("note", "contract renewal")
                .post("/ops/providers/" + name + "/prices").statusCode());
        Document page = Jsoup.parse(operator.given().get("/ops/providers/" + name + "/prices").asString());
        assertThat(page.selectFirst("[data-testid=versions]").text()).contains("Scheduled").contains("$0.25");

        VideoJob before = finished(submit(team, member, name));
        assertEquals(400_000L, before.chargedMicros, "admitted before the change: $0.10/s");
        Long beforeVersion = version(before);
        assertThat(beforeVersion).as("the catalog's own price names no version").isNull();

        clock.set(from.plusSeconds(1)); // every instance switches at that instant: the next quote sees it
        var after = submit(team, member, name);
        VideoJob afterJob = finished(after);
        assertEquals(1_000_000L, afterJob.chargedMicros, "admitted after the change: $0.25/s × 4 s");
        assertThat(version(afterJob)).as("the reservation and its RESERVE entry name the version").isNotNull();
        Long entryVersion = QuarkusTransaction.requiringNew().call(() -> (Long) em.createNativeQuery(
                "select price_version_id from ledger_entry where reservation_id = ?1 and kind = 'RESERVE'", Long.class)
                .setParameter(1, afterJob.reservationId).getSingleResult());
        assertEquals(version(afterJob), entryVersion);

        // teams see the change on the model's menu entry for a week, then no more
        assertThat(menu.forTeam(team.id).find(name, "sora-2").orElseThrow().optionText()).contains("price changed on");
        clock.set(from.plus(Duration.ofDays(8)));
        assertThat(menu.forTeam(team.id).find(name, "sora-2").orElseThrow().optionText()).doesNotContain("price changed");
    }

    private Long version(VideoJob job) {
        return QuarkusTransaction.requiringNew().call(() -> (Long) em.createNativeQuery(
                "select price_version_id from reservation where id = ?1", Long.class).setParameter(1, job.reservationId)
                .getSingleResult());
    }
}
