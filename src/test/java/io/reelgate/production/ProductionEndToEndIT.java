package io.reelgate.production;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;
import io.reelgate.embedded.LocalS3Server;
import io.reelgate.testing.Browser;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The packaged application as an organisation runs it: two instances of {@code quarkus-run.jar}
 * in the {@code prod} profile behind Caddy (the compose file's Caddyfile), on a real PostgreSQL
 * server, an S3 server (S3Proxy), an SMTP server (GreenMail), Keycloak with the realm from
 * {@code deploy/keycloak/}, and the provider simulator as its own process (the same jar in its
 * {@code simulator} profile) reached over the network by the real OpenAI-shape adapter.
 *
 * <p>In Chromium: the operator signs in at Keycloak with a password and creates a team; its admin
 * signs in (group → team), generates a video, sees it in the gallery of each instance, shares it
 * and a signed-out stranger plays it. Then 30 jobs through {@code /v1/videos}, one instance is
 * killed with SIGKILL while they run, the other finishes them all; the ledger reconciles, no
 * reservation stays open, no object is orphaned; the killed instance comes back and the same
 * browser session works on it. Last, the operator adds a provider in the console of one instance
 * and a job runs on it through each instance, neither restarted, its key in no log, page or export.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProductionEndToEndIT {

    private static final String CLIENT_SECRET = "e2e-client-secret-0123456789";
    private static final String SESSION_SECRET = "e2e-shared-session-encryption-secret-0123456789";
    private static final String STATE_SECRET = "e2e-shared-pkce-state-cookie-secret-0123456789";
    private static final String PASSWORD = "correct-horse-battery";
    private static final String SIM_KEY = "sk-sim-reelgate-dev";
    private static final String SIM_WEBHOOK_SECRET = "whsec_cmVlbGdhdGUtc2ltdWxhdG9yLWRldi1zZWNyZXQtMDE=";
    /** The key sealing console providers' secrets (REELGATE_SECRETS_KEY): 32 bytes, Base64, the same on every instance. */
    private static final String SECRETS_KEY = "cmVlbGdhdGUtZTJlLXNlY3JldHMta2V5LTMyYnl0ZXM=";
    /**
     * A second key of the standalone simulator, known to no instance's environment: the operator types it into
     * the console, so a job that completes on the console provider used the typed key, and finding it in a log,
     * a page or the export would be a leak.
     */
    private static final String CONSOLE_KEY = "sk-sim-console-e2e-5b1f9c27d4";
    /** The provider the operator adds in the console. */
    private static final String CONSOLE_PROVIDER = "console-sim";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Java's default client, as a program using /v1/videos would have: it asks to upgrade http:// to HTTP/2 (h2c). */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Services services;
    private static EmbeddedPostgres postgres;
    private static GreenMail smtp;
    private static String jdbcUrl;
    private static String s3;
    private static Path app;
    private static int lbPort;
    private static String lb;
    private static final Map<String, Instance> instances = new HashMap<>();
    private static String apiKey;
    private static String simulator;
    /** Dockerfile.jvm's JAVA_OPTS, read and checked once in {@link #startEverything}. */
    private static List<String> jvmOptions;

    /** Reelgate's image ({@link Containers}) instance a and the simulator run from; null: plain processes. */
    private static String image;

    /**
     * One Reelgate process: its ports and its environment, so it can be started again as it was,
     * and its container's name when it runs from the image (null: a process on the host).
     */
    record Instance(String name, int port, int managementPort, Map<String, String> env, Process process, String container) {
        /** How its pipeline names itself in {@code lease_owner}: the JVM's pid (1 in a container). */
        String owner() {
            return "pid " + (container != null ? 1 : process.pid()) + "@";
        }

        long rssMiB() {
            return container != null ? Containers.rssMiB(container) : Containers.rssMiB(process);
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        String management() {
            return "http://127.0.0.1:" + managementPort;
        }
    }

    @BeforeAll
    static void startEverything() throws Exception {
        app = Services.file("reelgate.e2e.app", "run ./mvnw verify (the app is packaged before the integration tests)");
        Path keycloak = Services.file("reelgate.e2e.keycloak", "run ./mvnw verify (Keycloak is unpacked before the integration tests)");
        Path s3proxy = Services.file("reelgate.e2e.s3proxy", "run ./mvnw verify");
        Path caddy = Services.tool("caddy", "apt-get install -y caddy");
        Path chromium = Path.of("/usr/bin/chromium");
        if (!Files.isExecutable(chromium)) {
            Services.missing("Chromium is not installed (apt-get install -y chromium chromium-driver)");
        }
        Path work = Path.of(System.getProperty("reelgate.e2e.work", "target/e2e/work"));
        deleteRecursively(work);
        Files.createDirectories(work);
        services = new Services(work);
        long t0 = System.nanoTime();
        image = Containers.build(services);

        int kcPort = Services.freePort();
        lbPort = Services.freePort();
        lb = "http://127.0.0.1:" + lbPort;
        Process kc = startKeycloak(keycloak, kcPort);

        postgres = EmbeddedPostgres.builder().setPort(Services.freePort())
                .setDataDirectory(work.resolve("pgdata")).setCleanDataDirectory(true)
                .setServerConfig("max_connections", "120").start();
        jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
        s3 = LocalS3Server.start(null, s3proxy.toString());
        smtp = new GreenMail(new ServerSetup(Services.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        int simPort = Services.freePort();
        simulator = "http://127.0.0.1:" + simPort;
        Process sim = startSimulator(simPort);
        say("PostgreSQL %s, S3Proxy %s, GreenMail smtp://127.0.0.1:%d, simulator :%d", jdbcUrl, s3, smtp.getSmtp().getPort(), simPort);

        Services.await("Keycloak's reelgate realm", Duration.ofMinutes(3),
                () -> Services.status("http://127.0.0.1:" + kcPort + "/realms/reelgate/.well-known/openid-configuration") == 200,
                services.log("keycloak"));
        assertThat(kc.isAlive()).isTrue();
        Services.await("the standalone simulator", Duration.ofSeconds(60),
                () -> Services.status("http://127.0.0.1:" + simPort + "/sim/v1/models") > 0, services.log("simulator"));
        assertThat(sim.isAlive()).isTrue();

        jvmOptions = readImageJvmOptions();
        Map<String, String> env = appEnv(kcPort, simPort);
        assertThat(env.keySet()).as("the variables DeploymentFilesTest demands of compose and Kubernetes are the ones "
                + "this test starts the packaged app with").containsAll(DeploymentFilesTest.REQUIRED);
        // B first, so Flyway migrates once; then A (from the image, when there is one) on the migrated schema,
        // as a second instance of a running cluster: its start is then comparable with a host process's.
        startInstance("b", env);
        startInstance("a", env);
        say("memory after start: instance a %d MiB (%s), instance b %d MiB (host process)", instances.get("a").rssMiB(),
                image != null ? "container" : "host process", instances.get("b").rssMiB());
        services.start("caddy", List.of(caddy.toString(), "run", "--config", Path.of("deploy/compose/Caddyfile").toAbsolutePath().toString(),
                "--adapter", "caddyfile"), Map.of("REELGATE_LB_PORT", Integer.toString(lbPort),
                        "REELGATE_UPSTREAMS", "127.0.0.1:" + instances.get("a").port() + " 127.0.0.1:" + instances.get("b").port(),
                        "HOME", work.toAbsolutePath().toString(), "XDG_DATA_HOME", work.resolve("caddy").toAbsolutePath().toString()),
                work);
        Services.await("Caddy in front of both instances", Duration.ofSeconds(30), () -> Services.status(lb + "/") == 200,
                services.log("caddy"));
        say("everything up in %.1f s: Keycloak :%d, instances a :%d and b :%d behind Caddy %s", seconds(t0), kcPort,
                instances.get("a").port(), instances.get("b").port(), lb);
    }

    @AfterAll
    static void stopEverything() throws IOException {
        if (image != null) {
            Containers.remove("reelgate-e2e-a");
            Containers.remove("reelgate-e2e-sim");
        }
        if (services != null) {
            services.close();
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Order(1)
    void twoInstancesBehindALoadBalancerSurviveTheLossOfOne() throws Exception {
        long t0 = System.nanoTime();
        managementStaysOffThePublicPort();

        String videoId;
        try (Browser operator = Browser.open(1280)) {
            signInAtKeycloak(operator, lb + "/ops", "olivia");
            WebDriver d = operator.driver();
            assertThat(d.getCurrentUrl()).as("the realm's operator role opens /ops").startsWith(lb + "/ops");
            d.findElement(By.id("n-name")).sendKeys("Acme Studios");
            d.findElement(By.id("n-slug")).sendKeys("acme");
            new Select(d.findElement(By.id("n-tier"))).selectByValue("PRO");
            d.findElement(By.id("n-admin")).sendKeys("alice@example.com");
            d.findElement(By.cssSelector("form[action='/ops/teams'] button[type=submit]")).click();
            waitFor(operator, ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Acme Studios was created"));
            operator.go(lb + "/ops/teams/acme");
            d.findElement(By.id("o-budget")).clear();
            d.findElement(By.id("o-budget")).sendKeys("500");
            d.findElement(By.cssSelector("form[action='/ops/teams/acme/budget'] button")).click();
            waitFor(operator, ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "Budget saved"));
            assertThat(operator.driver().findElement(By.id("o-budget")).getAttribute("value")).startsWith("500");
        }
        Services.await("the invitation mail to alice over SMTP", Duration.ofSeconds(30), () -> java.util.Arrays
                .stream(smtp.getReceivedMessages()).anyMatch(m -> recipients(m).contains("alice@example.com")), null);
        say("operator olivia signed in at Keycloak with a password, created team acme with a $500 budget; the invitation went out by SMTP");

        String shareUrl;
        try (Browser alice = Browser.open(1280)) {
            signInAtKeycloak(alice, lb + "/t/acme/studio", "alice");
            WebDriver d = alice.driver();
            waitFor(alice, ExpectedConditions.urlContains("/t/acme/studio"));
            waitFor(alice, ExpectedConditions.textToBePresentInElementLocated(By.id("estimate-cost"), "$"));
            new Select(d.findElement(By.id("seconds"))).selectByValue("4");
            d.findElement(By.id("prompt")).sendKeys("A paper boat drifting down a rainy street at dusk");
            d.findElement(By.id("submit-button")).click();
            waitFor(alice, ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"), "on its way"));
            String cardId = d.findElement(By.cssSelector(".job-card")).getAttribute("id");
            new WebDriverWait(d, Duration.ofSeconds(90)).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.id(cardId), "Ready in"));
            videoId = cardId.substring("job-".length());
            say("admin alice signed in at Keycloak (group /teams/acme/admins → admin of acme) and generated video %s through the simulator over HTTP", videoId);

            for (String name : List.of("a", "b")) {
                Instance instance = instances.get(name);
                alice.go(instance.url() + "/t/acme/gallery");
                assertThat(d.getCurrentUrl()).as("the session cookie is good on instance %s", name)
                        .startsWith(instance.url() + "/t/acme/gallery");
                WebDriverWait wait = alice.waiting();
                wait.until(x -> !x.findElements(By.cssSelector("#v-" + videoId + " img")).isEmpty());
                wait.until(x -> ((Number) ((JavascriptExecutor) x).executeScript(
                        "const i = document.querySelector('#v-" + videoId + " img'); return i && i.complete ? i.naturalWidth : 0"))
                        .intValue() > 0);
            }
            say("the video and its poster are in the gallery served by instance a and by instance b, on the same session");

            alice.go(lb + "/t/acme/videos/" + videoId);
            d.findElement(By.id("create-link")).click();
            waitFor(alice, ExpectedConditions.presenceOfElementLocated(By.id("new-link")));
            shareUrl = d.findElement(By.id("new-link")).getAttribute("value");
            assertThat(shareUrl).startsWith(lb + "/");

            alice.go(lb + "/t/acme/keys");
            d.findElement(By.id("key-name")).sendKeys("e2e batch");
            d.findElement(By.cssSelector("form[action='/t/acme/keys'] button[type=submit]")).click();
            waitFor(alice, ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=key-secret]")));
            apiKey = d.findElement(By.cssSelector("[data-testid=key-secret]")).getAttribute("value");
            assertThat(apiKey).startsWith("rg_");

            try (Browser stranger = Browser.open(375)) {
                stranger.go(shareUrl);
                assertThat(stranger.driver().getCurrentUrl()).as("no sign-in on the way").isEqualTo(shareUrl);
                Browser.playsFromTheStart(stranger.driver());
            }
            say("the share link %s plays for a signed-out stranger", shareUrl);

            thirtyJobsSurviveTheLossOfAnInstance();

            Instance a = instances.get("a");
            double restarted = startInstance("a", a.env());
            long restartedRss = instances.get("a").rssMiB();
            alice.go(instances.get("a").url() + "/t/acme/videos/" + videoId);
            assertThat(d.getCurrentUrl()).as("the old session works on the restarted instance (shared secret)")
                    .startsWith(instances.get("a").url() + "/t/acme/videos/" + videoId);
            assertThat(d.findElement(By.tagName("h1")).getText()).startsWith("A paper boat");
            say("instance a restarted in %.1f s and took alice's existing session", restarted);
            theImageCostsLittleMoreThanAProcess(restarted, restartedRss);
        }
        anOperatorAddsAProviderOnOneInstanceAndBothRunJobsOnIt();
        try (Browser bob = Browser.open(1280)) {
            signInAtKeycloak(bob, lb + "/t/acme", "bob");
            waitFor(bob, ExpectedConditions.urlContains("/t/acme"));
            assertThat(bob.driver().getPageSource()).contains("Acme Studios");
            say("member bob signed in afresh through the load balancer after the restart");
        }
        say("end-to-end checks passed in %.1f s", seconds(t0));
    }

    /**
     * Admission throughput of two instances against one PostgreSQL, measured in the same run as one
     * instance (docs/benchmarks.md). Opt-in: {@code -Dreelgate.e2e.benchmark=true}. The pipeline is
     * switched off on both instances for it, so only admission (key, limits, budget and the job row in
     * one transaction) is measured, not rendering.
     */
    @Test
    @Order(2)
    @EnabledIfSystemProperty(named = "reelgate.e2e.benchmark", matches = "true")
    void admissionThroughputOfTwoInstancesAgainstOne() throws Exception {
        assertThat(apiKey).as("the end-to-end test ran first and made a key").isNotNull();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres"); Statement s = c.createStatement()) {
            s.executeUpdate("update team set custom_requests_per_minute = 100000, custom_requests_per_day = 10000000 where slug = 'acme'");
            s.executeUpdate("update team_budget set amount_micros = 100000000000 where team_id = (select id from team where slug = 'acme')");
        }
        for (String name : List.of("a", "b")) {
            Instance instance = instances.get(name);
            if (instance.container() != null) {
                Containers.stop(instance.container());
            } else {
                instance.process().destroy();
            }
            instance.process().waitFor();
            Map<String, String> env = new HashMap<>(instance.env());
            env.put("REELGATE_GENERATION_WORKERS_ENABLED", "false");
            startInstance(name, env);
        }
        List<String> one = List.of(instances.get("a").url());
        List<String> two = List.of(instances.get("a").url(), instances.get("b").url());
        int clients = Integer.getInteger("reelgate.e2e.benchmark.clients", 16);
        int perRound = Integer.getInteger("reelgate.e2e.benchmark.requests", 300);
        int rounds = Integer.getInteger("reelgate.e2e.benchmark.rounds", 5);
        // warm-up: each JVM compiles its admission path on its own requests
        admit(List.of(instances.get("a").url()), clients, 800);
        admit(List.of(instances.get("b").url()), clients, 800);
        List<Double> oneRates = new ArrayList<>();
        List<Double> twoRates = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            oneRates.add(admit(one, clients, perRound));
            twoRates.add(admit(two, clients, perRound));
        }
        double oneMedian = median(oneRates);
        double twoMedian = median(twoRates);
        say("admission throughput, %d clients, %d creates a round, %d interleaved rounds: one instance %s/s (median %.0f), "
                + "two instances %s/s (median %.0f): ratio %.2f", clients, perRound, rounds, oneRates, oneMedian, twoRates,
                twoMedian, twoMedian / oneMedian);
        assertThat(count("select count(*) from reservation where state = 'OPEN'"))
                .as("every admitted job holds exactly one open reservation")
                .isEqualTo(count("select count(*) from video_job where state = 'ADMITTED'"));
    }

    /** Creates {@code total} videos from {@code clients} threads spread over {@code urls}; admitted per second. */
    private static double admit(List<String> urls, int clients, int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        List<Future<Integer>> done = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            done.add(pool.submit(() -> {
                int ok = 0;
                for (int i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    String body = "{\"model\":\"sora-2\",\"prompt\":\"Benchmark harbour\",\"seconds\":\"4\",\"size\":\"1280x720\"}";
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(urls.get(i % urls.size()) + "/v1/videos"))
                            .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    ok++;
                }
                return ok;
            }));
        }
        int admitted = 0;
        for (Future<Integer> f : done) {
            admitted += f.get();
        }
        double rate = admitted / seconds(t0);
        pool.shutdown();
        return Math.round(rate * 10) / 10.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private void thirtyJobsSurviveTheLossOfAnInstance() throws Exception {
        Instance a = instances.get("a");
        // slow creates and downloads, so the instance that dies holds jobs in several states
        simulatorFaults("{\"createTimeoutNext\": 4, \"createDelayMs\": 15000, \"downloadBytesPerSecond\": 12000}");
        List<String> ids = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<String>> created = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String body = "{\"model\":\"sora-2\",\"prompt\":\"Harbour at dawn, shot " + i + "\",\"seconds\":\"4\",\"size\":\"1280x720\"}";
                created.add(pool.submit(() -> {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(lb + "/v1/videos"))
                            .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    return JSON.readTree(r.body()).get("id").asText();
                }));
            }
            for (Future<String> f : created) {
                ids.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        say("30 jobs admitted through /v1/videos across both instances");

        String owner = a.owner();
        Services.await("instance a holding a job's lease", Duration.ofSeconds(60),
                () -> count("select count(*) from video_job where lease_owner like '%" + owner + "%' and lease_until > now()"
                        + " and state not in ('COMPLETED', 'FAILED', 'CANCELED')") > 0, services.log("instance-a"));
        String heldByA = "select id || ' ' || state from video_job where lease_owner like '%" + owner + "%' and lease_until > now()"
                + " and state not in ('COMPLETED', 'FAILED', 'CANCELED')";
        try { // the kill comes when a holds jobs in three states at once, or after 20 s with what it holds then
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> strings(heldByA).stream().map(r -> r.split(" ")[1]).distinct().count() >= 3);
        } catch (org.awaitility.core.ConditionTimeoutException fewerStates) {
            say("instance a did not hold three states at once within 20 s; killing it with what it holds");
        }
        long inFlight = count("select count(*) from video_job where state not in ('COMPLETED', 'FAILED', 'CANCELED')");
        say("memory after 30 jobs: instance a %d MiB (%s), instance b %d MiB (host process)", a.rssMiB(),
                a.container() != null ? "container" : "host process", instances.get("b").rssMiB());
        if (a.container() != null) {
            Containers.kill(a.container());
            a.process().waitFor();
        } else {
            Services.kill(a.process());
        }
        long killedAt = System.nanoTime();
        Map<String, String> held = new HashMap<>();
        strings(heldByA).forEach(r -> held.put(r.split(" ")[0], r.split(" ")[1])); // a is dead: this is what it left
        say("kill -9 of instance a (%s) while it held %d leases %s and %d jobs were in flight",
                a.container() != null ? "docker kill of container " + a.container() : "pid " + a.process().pid(),
                held.size(), held, inFlight);
        assertThat(inFlight).as("jobs were still running when the instance died").isGreaterThan(0);
        assertThat(held).as("the killed instance held jobs").isNotEmpty();
        Map<String, Double> resumed = new HashMap<>();
        Services.await("every job a held taken over by instance b", Duration.ofSeconds(60), () -> {
            for (String id : held.keySet()) {
                if (!resumed.containsKey(id) && strings("select id from video_job where id = " + id + " and (lease_owner is null"
                        + " or lease_owner not like '%" + owner + "%' or state <> '" + held.get(id) + "')").size() == 1) {
                    resumed.put(id, seconds(killedAt));
                }
            }
            return resumed.size() == held.size();
        }, services.log("instance-b"));
        simulatorFaults("{}");
        Map<String, List<Double>> byState = new java.util.TreeMap<>();
        held.forEach((id, state) -> byState.computeIfAbsent(state, k -> new ArrayList<>()).add(resumed.get(id)));
        byState.forEach((state, times) -> {
            java.util.Collections.sort(times);
            say("resume after kill -9, %s: %d jobs, min %.1f s, median %.1f s, max %.1f s", state, times.size(), times.get(0),
                    times.get(times.size() / 2), times.get(times.size() - 1));
        });
        // the lease (25 s after a's last renewal) plus one pipeline tick of b (1 s) and the claim: within 30 s
        assertThat(resumed).as("seconds from the kill to the takeover, default lease settings")
                .allSatisfy((id, secs) -> assertThat(secs).as("job %s (%s)", id, held.get(id)).isLessThanOrEqualTo(30.0));

        Services.await("every job finished by instance b", Duration.ofMinutes(4), () -> ids.stream().allMatch(id -> {
            try {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(lb + "/v1/videos/" + id))
                        .header("Authorization", "Bearer " + apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
                String status = JSON.readTree(r.body()).path("status").asText();
                return status.equals("completed") || status.equals("failed");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }), services.log("instance-b"));
        say("all 30 jobs ended %.1f s after the kill", seconds(killedAt));
        for (String id : ids) {
            JsonNode video = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(lb + "/v1/videos/" + id))
                    .header("Authorization", "Bearer " + apiKey).GET().build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(video.path("status").asText()).as("video %s: %s", id, video).isEqualTo("completed");
        }

        assertThat(count("select count(*) from reservation where state = 'OPEN'")).as("open reservations").isZero();
        assertThat(count("select count(*) from video_job where state not in ('COMPLETED', 'FAILED', 'CANCELED')"))
                .as("jobs not ended").isZero();
        long spent = count("select coalesce(sum(case kind when 'CHARGE' then amount_micros when 'REFUND' then -amount_micros else 0 end), 0)"
                + " from ledger_entry");
        long charged = count("select coalesce(sum(charged_micros), 0) from video_job");
        assertThat(spent).as("ledger charges equal the jobs' charges").isEqualTo(charged);
        assertThat(spent).as("31 videos of 4 s at $0.10/s").isEqualTo(31 * 400_000L);
        try (Browser operator = Browser.open(1280)) {
            signInAtKeycloak(operator, lb + "/ops/reconciliation", "olivia");
            JsonNode reconciliation = JSON.readTree(operator.driver().findElement(By.tagName("body")).getText());
            assertThat(reconciliation.path("totalsChecked").asInt()).as("reconciliation: %s", reconciliation).isPositive();
            assertThat(reconciliation.path("mismatches")).as("reconciliation: %s", reconciliation).isEmpty();
        }
        say("ledger reconciled ($%.2f charged = sum of job charges), no open reservation", spent / 1e6);

        Set<String> stored = new HashSet<>();
        try (MinioClient minio = MinioClient.builder().endpoint(s3)
                .credentials(LocalS3Server.ACCESS_KEY, LocalS3Server.SECRET_KEY).build()) {
            for (Result<Item> item : minio.listObjects(ListObjectsArgs.builder().bucket("reelgate").prefix("teams/")
                    .recursive(true).build())) {
                String key = item.get().objectName();
                if (key.contains("/videos/")) {
                    stored.add(key);
                }
            }
        }
        Set<String> referenced = new HashSet<>(strings("select object_key from video_asset"));
        assertThat(stored).as("objects in the bucket are exactly the assets the database knows").isEqualTo(referenced);
        assertThat(referenced).as("video, poster and spritesheet of 31 videos").hasSize(31 * 3);
        say("bucket holds exactly the %d assets the database refers to: nothing orphaned", stored.size());
    }

    /**
     * Issue 31 across instances: olivia adds an OpenAI-shape provider in the console of instance a
     * (the standalone simulator under a key no instance was started with); instance b, which was not
     * restarted, admits a job on it within seconds (its revision poll), instance a at once, and both
     * jobs complete. The typed key shows in no instance's log (instance a's is the container's log
     * when it runs from the image), not on {@code /ops/providers} and not in the export.
     */
    private void anOperatorAddsAProviderOnOneInstanceAndBothRunJobsOnIt() throws Exception {
        Instance a = instances.get("a");
        Instance b = instances.get("b");
        long added;
        try (Browser operator = Browser.open(1280)) {
            signInAtKeycloak(operator, lb + "/ops/providers", "olivia");
            WebDriver d = operator.driver();
            operator.go(a.url() + "/ops/providers/new?type=openai");
            assertThat(d.getCurrentUrl()).as("olivia's session is good on instance a")
                    .startsWith(a.url() + "/ops/providers/new");
            d.findElement(By.id("p-name")).sendKeys(CONSOLE_PROVIDER);
            d.findElement(By.id("p-label")).sendKeys("Sora-shape simulator (added in the console)");
            d.findElement(By.id("p-url")).sendKeys(simulator + "/sim/v1"); // as REELGATE_PROVIDERS_OPENAI_BASE_URL
            d.findElement(By.id("p-key")).sendKeys(CONSOLE_KEY);
            List<org.openqa.selenium.WebElement> models = d.findElements(By.cssSelector("input[name=models]"));
            assertThat(models.stream().map(m -> m.getAttribute("value")).toList()).as("the openai preset's models")
                    .contains("sora-2");
            assertThat(models).as("the preset's models are ticked").allMatch(org.openqa.selenium.WebElement::isSelected);
            d.findElement(By.cssSelector("[data-testid=save]")).click();
            waitFor(operator, ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"),
                    CONSOLE_PROVIDER + " was added"));
            added = System.nanoTime();
            say("operator olivia added provider %s in the console of instance a (%s, its key typed in the browser)",
                    CONSOLE_PROVIDER, simulator + "/sim/v1");

            Map<String, String> ids = new java.util.LinkedHashMap<>();
            for (Instance instance : List.of(b, a)) {
                java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> created = new java.util.concurrent.atomic.AtomicReference<>();
                String body = "{\"model\":\"" + CONSOLE_PROVIDER + "/sora-2\",\"prompt\":\"A lantern-lit ferry crossing, "
                        + "sent to instance " + instance.name() + "\",\"seconds\":\"4\",\"size\":\"1280x720\"}";
                // until the instance has reloaded, the model is unknown to it: 400 naming the value sent
                Services.await("instance " + instance.name() + " admitting a job on " + CONSOLE_PROVIDER, Duration.ofSeconds(20),
                        () -> {
                            HttpResponse<String> r = createVideo(instance.url(), body);
                            created.set(r);
                            return !(r.statusCode() == 400 && r.body().contains(CONSOLE_PROVIDER + "/sora-2"));
                        }, services.log("instance-" + instance.name()));
                assertThat(created.get().statusCode()).as("create on instance %s: %s", instance.name(), created.get().body())
                        .isEqualTo(200);
                String id = JSON.readTree(created.get().body()).get("id").asText();
                ids.put(instance.name(), id);
                say("instance %s (not restarted since the provider was added) admitted %s on %s/sora-2 %.1f s after the "
                        + "operator saved it", instance.name(), id, CONSOLE_PROVIDER, seconds(added));
            }
            for (Map.Entry<String, String> e : ids.entrySet()) {
                String id = e.getValue();
                String url = instances.get(e.getKey()).url() + "/v1/videos/" + id;
                Services.await("video " + id + " (created on instance " + e.getKey() + ") ending", Duration.ofSeconds(90), () -> {
                    String status = video(url).path("status").asText();
                    return status.equals("completed") || status.equals("failed");
                }, services.log("instance-" + e.getKey()));
                JsonNode video = video(url);
                assertThat(video.path("status").asText()).as("video %s: %s", id, video).isEqualTo("completed");
                assertThat(strings("select provider from video_job where id = " + id.substring("video_".length())))
                        .as("the job of %s ran on the console provider", id).containsExactly(CONSOLE_PROVIDER);
            }
            say("both videos %s completed on %s through the simulator with the typed key, %.1f s after it was added",
                    ids.values(), CONSOLE_PROVIDER, seconds(added));

            for (Instance instance : List.of(a, b)) {
                operator.go(instance.url() + "/ops/providers");
                waitFor(operator, ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("[data-testid=provider-row-" + CONSOLE_PROVIDER + "]")));
                assertThat(d.getPageSource()).as("/ops/providers on instance %s", instance.name()).doesNotContain(CONSOLE_KEY)
                        .contains(CONSOLE_KEY.substring(CONSOLE_KEY.length() - 4));
                // the export is an attachment: a navigation would download it, so the page fetches it on the session
                String export = (String) ((JavascriptExecutor) d).executeAsyncScript("const done = arguments[0];"
                        + "fetch('/ops/providers/export').then(r => r.ok ? r.text() : 'HTTP ' + r.status).then(done, e => done('' + e));");
                assertThat(export).as("the export on instance %s", instance.name())
                        .contains("reelgate.providers." + CONSOLE_PROVIDER + ".base-url").doesNotContain(CONSOLE_KEY);
            }
        }
        for (String log : List.of("instance-a", "instance-b")) {
            // ISO-8859-1 reads any byte; the key is ASCII
            assertThat(Files.readString(services.log(log), java.nio.charset.StandardCharsets.ISO_8859_1)).as("%s's log%s", log,
                    log.equals("instance-a") && a.container() != null ? " (the container's log)" : "").doesNotContain(CONSOLE_KEY);
        }
        say("the typed key is in neither instance's log (instance a: %s), nor on /ops/providers, nor in the export",
                a.container() != null ? "the container's log" : "a host process");
    }

    /** {@code POST /v1/videos} on one instance with alice's key. */
    private static HttpResponse<String> createVideo(String url, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/v1/videos")).header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A video object read with alice's key from {@code url} ({@code …/v1/videos/{id}} of one instance). */
    private static JsonNode video(String url) {
        try {
            return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + apiKey)
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The container runs clean (no Fontconfig cache warning, nothing written outside {@code /tmp})
     * and costs little: its start and memory against a host process of the same build started the
     * same way on the same database, in this run (docs/benchmarks.md).
     */
    private void theImageCostsLittleMoreThanAProcess(double containerStart, long containerRss) {
        Instance a = instances.get("a");
        if (a.container() == null) {
            return;
        }
        for (String log : List.of("instance-a", "simulator")) {
            assertThat(Containers.logLines(services.log(log), "Fontconfig error")).as("%s: fontconfig has a writable cache", log)
                    .isZero();
            assertThat(Containers.logLines(services.log(log), "Read-only file system")).as("%s writes only under /tmp", log)
                    .isZero();
        }
        double hostStart = startInstance("c", a.env());
        long hostRss = instances.get("c").rssMiB();
        Instance c = instances.remove("c");
        c.process().destroy();
        say("image %d MiB; container against a host process, same build and database: ready in %.1f s against %.1f s "
                + "(x%.2f), memory after start %d MiB against %d MiB (x%.2f)", Containers.imageBytes() >> 20,
                containerStart, hostStart, containerStart / hostStart, containerRss, hostRss, (double) containerRss / hostRss);
    }

    /** Replaces the standalone simulator's fault plan (its admin key is the first API key). */
    private static void simulatorFaults(String plan) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(simulator + "/sim/admin/faults"))
                .header("Authorization", "Bearer " + SIM_KEY).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(plan)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("simulator faults %s: %s", plan, r.body()).isEqualTo(200);
    }

    private void managementStaysOffThePublicPort() {
        Instance b = instances.get("b");
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready")) {
            assertThat(Services.status(b.url() + path)).as("public %s", path).isEqualTo(404);
            assertThat(Services.status(lb + path)).as("through the load balancer %s", path).isEqualTo(404);
        }
        for (String probe : List.of("/q/health/started", "/q/health/ready", "/q/health/live")) {
            assertThat(Services.status(b.management() + probe)).as("the Kubernetes probe %s", probe).isEqualTo(200);
        }
        assertThat(Services.status(b.management() + "/q/metrics")).isEqualTo(200);
        say("prod profile: /q/metrics and /q/health answer 404 on the public port and through Caddy, 200 on the management port");
    }

    // ------------------------------------------------------------------ processes

    private static Process startKeycloak(Path home, int port) throws IOException {
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.copy(Path.of("deploy/keycloak/reelgate-realm.json"), imports.resolve("reelgate-realm.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        deleteRecursively(home.resolve("data/h2"));
        Map<String, String> env = new HashMap<>();
        Path temurin = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
        // Keycloak starts in ~11 s on Java 25 and ~45 s on 17 (KNOWN-GOOD): take the newer one when it is there.
        env.put("JAVA_HOME", Files.isDirectory(temurin) ? temurin.toString() : System.getProperty("java.home"));
        env.put("REELGATE_OIDC_CLIENT_SECRET", CLIENT_SECRET);
        env.put("REELGATE_PUBLIC_URL", lb);
        env.put("REELGATE_DEMO_PASSWORD", PASSWORD);
        return services.start("keycloak", List.of(home.resolve("bin/kc.sh").toString(), "start-dev", "--http-port=" + port,
                "--http-host=127.0.0.1", "--http-management-port=" + Services.freePort(), "--import-realm"), env, home);
    }

    private static Process startSimulator(int port) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(Services.freePort()));
        env.put("REELGATE_SIMULATOR_PUBLIC_URL", "http://127.0.0.1:" + port);
        env.put("REELGATE_SIMULATOR_WEBHOOK_ENABLED", "true");
        env.put("REELGATE_SIMULATOR_WEBHOOK_URL", lb + "/webhooks/openai");
        env.put("REELGATE_SIMULATOR_QUEUE_TIME", "300MS");
        env.put("REELGATE_SIMULATOR_GENERATION_TIME", "3S");
        env.put("REELGATE_SIMULATOR_REQUESTS_PER_MINUTE", "10000");
        // the first key stays the admin key (fault plans); the second is the one the operator types in the console
        env.put("REELGATE_SIMULATOR_API_KEYS", SIM_KEY + "," + CONSOLE_KEY);
        env.put("REELGATE_SIMULATOR_RENDER_MAX_DIMENSION", "160");
        env.put("REELGATE_SIMULATOR_RENDER_FPS", "6");
        if (image != null) {
            env.put("QUARKUS_PROFILE", "simulator");
            env.put("REELGATE_SIMULATOR_RENDER_CACHE_DIR", "/tmp/sim-cache");
            try {
                return services.start("simulator", Containers.runCommand("reelgate-e2e-sim", env,
                        services.work().resolve("simulator.env"), "768m"), Map.of(), services.work());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        env.put("REELGATE_SIMULATOR_RENDER_CACHE_DIR", services.work().resolve("sim-cache").toAbsolutePath().toString());
        return services.start("simulator", List.of(java(), "-Xmx384m", "-Dquarkus.profile=simulator", "-jar", app.toString()),
                env, services.work());
    }

    private static Map<String, String> appEnv(int kcPort, int simPort) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_PASSWORD", "postgres");
        env.put("QUARKUS_DATASOURCE_JDBC_MAX_SIZE", "20");
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", "http://127.0.0.1:" + kcPort + "/realms/reelgate");
        env.put("QUARKUS_OIDC_CLIENT_ID", "reelgate");
        env.put("QUARKUS_OIDC_CREDENTIALS_SECRET", CLIENT_SECRET);
        env.put("QUARKUS_OIDC_TOKEN_STATE_MANAGER_ENCRYPTION_SECRET", SESSION_SECRET);
        env.put("QUARKUS_OIDC_AUTHENTICATION_STATE_SECRET", STATE_SECRET);
        env.put("QUARKUS_OIDC_ROLES_ROLE_CLAIM_PATH", "realm_access/roles");
        env.put("QUARKUS_OIDC_ROLES_SOURCE", "accesstoken");
        env.put("REELGATE_IDENTITY_GROUPS_CLAIM", "groups");
        env.put("REELGATE_STORAGE_ENDPOINT", s3);
        env.put("REELGATE_STORAGE_ACCESS_KEY", LocalS3Server.ACCESS_KEY);
        env.put("REELGATE_STORAGE_SECRET_KEY", LocalS3Server.SECRET_KEY);
        env.put("QUARKUS_MAILER_HOST", "127.0.0.1");
        env.put("QUARKUS_MAILER_PORT", Integer.toString(smtp.getSmtp().getPort()));
        env.put("QUARKUS_MAILER_FROM", "Reelgate <reelgate@example.com>");
        env.put("REELGATE_WEB_BASE_URL", lb);
        env.put("REELGATE_PROVIDERS_OPENAI_LABEL", "Sora-shape simulator (standalone)");
        env.put("REELGATE_PROVIDERS_OPENAI_BASE_URL", "http://127.0.0.1:" + simPort + "/sim/v1");
        env.put("REELGATE_PROVIDERS_OPENAI_API_KEY", SIM_KEY);
        env.put("REELGATE_PROVIDERS_OPENAI_WEBHOOK_SECRETS", SIM_WEBHOOK_SECRET);
        env.put("REELGATE_SECRETS_KEY", SECRETS_KEY);
        // No lease setting: a killed instance's rows are taken over with the defaults (reelgate.leases.*).
        env.put("REELGATE_GENERATION_QUIET_AFTER", "5S");
        env.put("REELGATE_GENERATION_QUIET_PER_VIDEO_SECOND", "1S");
        return env;
    }

    /** Starts (or restarts) instance {@code name}; returns the seconds until it was ready. */
    private static double startInstance(String name, Map<String, String> shared) {
        Instance previous = instances.get(name);
        int port = previous != null ? previous.port() : Services.freePort();
        int management = previous != null ? previous.managementPort() : Services.freePort();
        Map<String, String> env = new HashMap<>(shared);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        long t0 = System.nanoTime();
        String container = image != null && name.equals("a") ? "reelgate-e2e-" + name : null;
        Process process;
        if (container != null) {
            // as Kubernetes runs it (deploy/kubernetes/deployment.yaml: read-only root, /tmp, user 10001, 1536 Mi)
            try {
                process = services.start("instance-" + name, Containers.runCommand(container, env,
                        services.work().resolve(name + ".env"), "1536m"), Map.of(), services.work());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            List<String> command = new ArrayList<>(List.of(java()));
            command.addAll(jvmOptions);
            // the heap the image sizes under its 1536 Mi limit (75 %), so a host process and the container compare
            command.addAll(List.of("-XX:MaxRAM=1536m", "-jar", app.toString()));
            process = services.start("instance-" + name, command, env, services.work());
        }
        Instance instance = new Instance(name, port, management, env, process, container);
        Services.await("instance " + name + " ready", Duration.ofSeconds(90),
                () -> process.isAlive() && Services.status(instance.management() + "/q/health/ready") == 200,
                services.log("instance-" + name));
        instances.put(name, instance);
        double ready = seconds(t0);
        say("instance %s (%s) ready in %.1f s", name, container != null ? "container " + container + " of " + image
                : "pid " + process.pid(), ready);
        return ready;
    }

    // ------------------------------------------------------------------ browser

    private static void signInAtKeycloak(Browser browser, String url, String user) {
        browser.go(url);
        try {
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("no Keycloak login page at " + browser.driver().getCurrentUrl() + ":\n"
                    + browser.driver().findElement(By.tagName("body")).getText(), e);
        }
        assertThat(browser.driver().getCurrentUrl()).as("Keycloak's login page").contains("/realms/reelgate/");
        browser.driver().findElement(By.id("username")).sendKeys(user);
        browser.driver().findElement(By.id("password")).sendKeys(PASSWORD);
        browser.driver().findElement(By.id("kc-login")).click();
        browser.waiting().until(d -> d.getCurrentUrl().startsWith(lb));
    }

    /** Waits for {@code condition}; on a timeout the failure shows the page the browser is on. */
    private static <T> T waitFor(Browser browser, java.util.function.Function<? super WebDriver, T> condition) {
        try {
            return browser.waiting().until(condition);
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nat " + browser.driver().getCurrentUrl() + ":\n"
                    + browser.driver().findElement(By.tagName("body")).getText(), e);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static long count(String sql) {
        return Long.parseLong(strings(sql).get(0));
    }

    /** The first column of every row, as text, on a connection of its own. */
    private static List<String> strings(String sql) {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "postgres"); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return out;
    }

    private static Set<String> recipients(jakarta.mail.internet.MimeMessage message) {
        try {
            Set<String> out = new HashSet<>();
            for (var address : message.getAllRecipients()) {
                out.add(address.toString());
            }
            return out;
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JVM options the container image runs with (Dockerfile.jvm), with its /tmp under the work directory. */
    private static List<String> readImageJvmOptions() {
        try {
            String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("ENV JAVA_OPTS=\"([^\"]+)\"").matcher(dockerfile);
            assertThat(m.find()).as("Dockerfile.jvm sets JAVA_OPTS").isTrue();
            java.util.regex.Matcher copy = java.util.regex.Pattern.compile("(?m)^COPY \\S+ (target/quarkus-app/\\S*)").matcher(dockerfile);
            int copies = 0;
            while (copy.find()) {
                copies++;
                String source = copy.group(1).replace("*.jar", "quarkus-run.jar");
                assertThat(Path.of(source)).as("Dockerfile.jvm copies %s from the packaged app", copy.group(1)).exists();
            }
            assertThat(copies).as("Dockerfile.jvm copies the fast-jar layout").isEqualTo(4);
            String tmp = Files.createDirectories(services.work().resolve("tmp")).toAbsolutePath().toString();
            List<String> options = new ArrayList<>();
            for (String option : m.group(1).split(" ")) {
                options.add(option.replace("=/tmp", "=" + tmp));
            }
            return options;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.println("[e2e] " + String.format(format, args));
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
