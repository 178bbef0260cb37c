package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.provider.ListQuery;
import io.reelgate.provider.Providers;
import io.reelgate.provider.VideoPage;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.QueuePriority;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;

/**
 * The pipeline under faults and crashes: a hundred jobs through every injected fault, a crash
 * between every pair of steps, two instances claiming from one queue, and fairness under a flood.
 */
@QuarkusTest
class PipelineResilienceTest {

    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Ledger ledger;
    @Inject
    ObjectStore store;
    @Inject
    EntityManager em;
    @Inject
    CrashPoints crash;
    @Inject
    Providers providers;
    @Inject
    DataSource dataSource;
    @Inject
    Pipeline pipeline;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "quarkus.datasource.username")
    String dbUser;
    @ConfigProperty(name = "quarkus.datasource.password")
    String dbPassword;

    @AfterEach
    void reset() {
        crash.disarmAll();
        PipelineTest.faults(Map.of());
        // The queue tests' jobs (fake reservations, providers nobody serves) must not outlive them: once
        // their 5-minute claims expire, the app's pipeline would pick them up in a later test class.
        if (!queueJobs.isEmpty()) {
            Long[] ids = queueJobs.toArray(Long[]::new);
            QuarkusTransaction.requiringNew().run(() -> {
                em.createNativeQuery("delete from video_job_transition where job_id = any(?1)").setParameter(1, ids)
                        .executeUpdate();
                em.createNativeQuery("delete from video_job where id = any(?1)").setParameter(1, ids).executeUpdate();
            });
            queueJobs.clear();
        }
    }

    /** The jobs {@link #insertAdmitted} made in this test. */
    private final List<Long> queueJobs = new ArrayList<>();

    private Team team(String name) {
        Team team = fixtures.team(name, Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("10000", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100000);
        return team;
    }

    private JobView submit(Team team, long member, String prompt, int seconds) {
        var result = generation.submit(GenerationService.Request.of(team.id, member, null, "sora-2", "1280x720",
                seconds, prompt));
        assertThat(result).isInstanceOf(GenerationService.Queued.class);
        return ((GenerationService.Queued) result).job();
    }

    private List<VideoJob> awaitAllTerminal(List<Long> ids, Duration limit) {
        Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(200))
                .until(() -> ids.stream().allMatch(id -> jobs.find(id).orElseThrow().state.terminal()));
        return ids.stream().map(id -> jobs.find(id).orElseThrow()).toList();
    }

    // ------------------------------------------------------------------ a hundred jobs through every fault

    @Test
    void aHundredJobsOverFiveTeamsThroughEveryFaultAllEndTerminalWithAnExactLedger() {
        List<Team> teams = new ArrayList<>();
        List<Long> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Team t = team("fleet");
            teams.add(t);
            members.add(fixtures.personIn(t, "crew", TeamRole.MEMBER));
        }
        List<Long> ids = new ArrayList<>();
        // phase 1: lost webhooks, 429 bursts and 5xx
        PipelineTest.faults(Map.of("webhookDrop", true, "rateLimitNext", 25, "retryAfterMs", 100, "serverErrorNext", 15,
                "serverErrorStatus", 503));
        for (int i = 0; i < 40; i++) {
            ids.add(submit(teams.get(i % 5), members.get(i % 5), "fleet scene " + (i % 10) + " " + Fixtures.unique("a"),
                    i % 3 == 0 ? 8 : 4).id());
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ids.stream()
                .allMatch(id -> jobs.find(id).orElseThrow().state != JobState.ADMITTED));
        // phase 2: duplicate, delayed and reordered webhooks, early webhooks and slow downloads
        PipelineTest.faults(Map.of("webhookDuplicate", true, "webhookDelayMs", 300, "webhookReverse", true,
                "downloadBytesPerSecond", 400_000, "rateLimitNext", 10, "retryAfterMs", 100));
        for (int i = 40; i < 80; i++) {
            ids.add(submit(teams.get(i % 5), members.get(i % 5), "fleet scene " + (i % 10) + " " + Fixtures.unique("b"),
                    i % 3 == 0 ? 8 : 4).id());
        }
        PipelineTest.faults(Map.of("webhookEarlyMs", 400, "serverErrorNext", 5, "serverErrorStatus", 502));
        for (int i = 80; i < 100; i++) {
            ids.add(submit(teams.get(i % 5), members.get(i % 5), "fleet scene " + (i % 10) + " " + Fixtures.unique("c"),
                    4).id());
        }

        List<VideoJob> done = awaitAllTerminal(ids, Duration.ofSeconds(150));

        assertThat(done.stream().filter(j -> j.state != JobState.COMPLETED)
                .map(j -> j.id + " " + j.state + " " + j.errorCode + ": " + j.errorMessage)).as("jobs not completed").isEmpty();
        for (Team t : teams) {
            long expected = done.stream().filter(j -> j.teamId == t.id).mapToLong(j -> j.seconds * 100_000L).sum();
            assertEquals(Money.ofMicros(expected), ledger.balance(t.id, Instant.now()).spent(), "charges = Σ seconds × price");
            assertEquals(Money.ZERO, ledger.balance(t.id, Instant.now()).reserved());
        }
        for (VideoJob job : done) {
            List<VideoAsset> assets = jobs.assets(job.id);
            assertThat(assets).as("job %d assets", job.id).hasSize(3);
            for (VideoAsset a : assets) {
                assertEquals(a.sizeBytes, store.stat(a.objectKey).orElseThrow().size(), a.objectKey);
            }
        }
        assertThat(ledger.reconcile().balanced()).isTrue();
        assertThat(done.stream().map(j -> j.providerVideoId).distinct()).as("no job shares a provider video").hasSize(100);
    }

    // ------------------------------------------------------------------ crashes between steps

    @ParameterizedTest
    @ValueSource(strings = { CrashPoints.AFTER_CLAIM, CrashPoints.AFTER_CREATE, CrashPoints.AFTER_STORE_PROVIDER_ID,
            CrashPoints.IN_WEBHOOK, "after-download-video", "after-upload-video", "after-download-thumbnail",
            "after-upload-spritesheet", CrashPoints.BEFORE_SETTLE })
    void aCrashAtAnyPointIsRecoveredWithoutDoubleChargesOrOrphans(String point) {
        Team team = team("crash");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        String prompt = "crash test at " + point + " " + Fixtures.unique("x");
        crash.armOnce(point);

        JobView job = submit(team, member, prompt, 4);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !crash.armed(point));
        restart(job.id());

        VideoJob done = awaitAllTerminal(List.of(job.id()), Duration.ofSeconds(45)).get(0);
        assertEquals(JobState.COMPLETED, done.state, "after a crash " + point);
        assertEquals(1, count("select count(*) from ledger_entry where reservation_id = ?1 and kind = 'CHARGE'",
                done.reservationId), "charged exactly once");
        assertEquals(Money.parse("0.40"), ledger.balance(team.id, Instant.now()).spent());
        assertEquals(Money.ZERO, ledger.balance(team.id, Instant.now()).reserved(), "no reservation left behind");
        assertThat(store.list("teams/" + team.id + "/videos/" + job.id() + "/")).as("objects").hasSize(3)
                .containsExactlyInAnyOrderElementsOf(jobs.assets(job.id()).stream().map(a -> a.objectKey).toList());
        assertEquals(1, providerJobsWithPrompt(prompt), "the provider got exactly one create");
    }

    /**
     * A restart, as far as the queue can tell: the dead process's leases are over, so whoever
     * runs the pipeline picks its jobs up.
     */
    private void restart(long jobId) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update video_job set lease_until = now() - interval '1 second' where id = ?1 and lease_until is not null")
                .setParameter(1, jobId).executeUpdate());
        pipeline.wake();
    }

    private long providerJobsWithPrompt(String prompt) {
        VideoPage page = providers.get("simulator").list(ListQuery.first(100)).value();
        return page.data().stream().filter(v -> prompt.equals(v.prompt())).count();
    }

    // ------------------------------------------------------------------ the queue: two instances, fairness

    @Test
    void twoInstancesOnSeparatePoolsNeverClaimOneJobTwice() throws Exception {
        Team team = team("dual");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        String provider = "dual-" + Fixtures.unique("q");
        List<Long> created = insertAdmitted(team, member, provider, 300);

        PGSimpleDataSource second = new PGSimpleDataSource();
        second.setUrl(jdbcUrl);
        second.setUser(dbUser);
        second.setPassword(dbPassword);
        ConcurrentLinkedQueue<Long> claimed = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 8; w++) {
                boolean usesSecondPool = w % 2 == 1;
                String owner = "instance-" + (usesSecondPool ? "B" : "A") + w;
                workers.add(pool.submit(() -> {
                    while (true) {
                        List<Long> got = usesSecondPool ? claimOn(second, provider, owner) : claimInApp(provider, owner);
                        if (got.isEmpty() && claimed.size() >= created.size()) {
                            return null;
                        }
                        claimed.addAll(got);
                    }
                }));
            }
            for (Future<?> f : workers) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(created.size(), claimed.size(), "every job claimed once, none twice");
        assertEquals(new HashSet<>(created), new HashSet<>(claimed));
    }

    @Test
    void oneTeamsFloodDoesNotStarveAnotherTeamsSingleJob() throws Exception {
        Team flood = team("flood");
        Team single = fixtures.team("single", Tier.PLUS);
        long floodMember = fixtures.personIn(flood, "f", TeamRole.MEMBER);
        long singleMember = fixtures.personIn(single, "s", TeamRole.MEMBER);
        String provider = "fair-" + Fixtures.unique("q");
        insertAdmitted(flood, floodMember, provider, 200);
        long lonely = insertAdmitted(single, singleMember, provider, 1).get(0);

        List<Long> firstSlots = claimInApp(provider, "fairness", 3);

        assertThat(firstSlots).as("the single job is dispatched within the first few slots").contains(lonely);
    }

    @Test
    void priorityBuysALargerShareOfTheDispatchRoundsNotAMonopoly() throws Exception {
        Team dedicated = fixtures.team("dedicated", Tier.ENTERPRISE);
        Team priority = fixtures.team("priority", Tier.PRO);
        Team standard = fixtures.team("standard", Tier.PLUS);
        String provider = "weights-" + Fixtures.unique("q");
        Set<Long> d = new HashSet<>(insertAdmitted(dedicated, fixtures.personIn(dedicated, "d", TeamRole.MEMBER), provider, 20,
                QueuePriority.DEDICATED));
        Set<Long> p = new HashSet<>(insertAdmitted(priority, fixtures.personIn(priority, "p", TeamRole.MEMBER), provider, 20,
                QueuePriority.PRIORITY));
        Set<Long> st = new HashSet<>(insertAdmitted(standard, fixtures.personIn(standard, "s", TeamRole.MEMBER), provider, 20,
                QueuePriority.STANDARD));

        // a round is 4 dedicated, 2 priority, 1 standard (7 slots); 10 slots are a round and the next round's start
        List<Long> claimed = claimInApp(provider, "weights", 10);

        Map<String, Long> shares = new java.util.TreeMap<>();
        claimed.forEach(id -> shares.merge(d.contains(id) ? "dedicated" : p.contains(id) ? "priority" : st.contains(id)
                ? "standard" : "other", 1L, Long::sum));
        assertThat(shares).as("a larger share for priority, never a monopoly")
                .isEqualTo(Map.of("dedicated", 7L, "priority", 2L, "standard", 1L));
    }

    private List<Long> claimInApp(String provider, String owner) {
        return claimInApp(provider, owner, 7);
    }

    private List<Long> claimInApp(String provider, String owner, int max) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return new JobQueue(c).claimDispatch(provider, 1_000_000, owner, Instant.now(), Duration.ofMinutes(5),
                        true, max);
            }
        });
    }

    private static List<Long> claimOn(DataSource ds, String provider, String owner) throws Exception {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            List<Long> got = new JobQueue(c).claimDispatch(provider, 1_000_000, owner, Instant.now(), Duration.ofMinutes(5),
                    true, 7);
            c.commit();
            return got;
        }
    }

    /** Jobs for a provider no instance dispatches to (not configured), straight into the queue. */
    private List<Long> insertAdmitted(Team team, long member, String provider, int n) throws Exception {
        return insertAdmitted(team, member, provider, n, QueuePriority.STANDARD);
    }

    private List<Long> insertAdmitted(Team team, long member, String provider, int n, QueuePriority priority) throws Exception {
        List<Long> ids = new ArrayList<>();
        QuarkusTransaction.requiringNew().run(() -> {
            try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                    "insert into video_job (team_id, member_id, reservation_id, provider, model, size, seconds, prompt, "
                            + "priority, fingerprint, created_at) values (?, ?, -nextval('queue_test_reservation'), ?, "
                            + "'sora-2', '1280x720', 4, ?, ?, 'x', now() + (? * interval '1 millisecond')) returning id")) {
                c.createStatement().execute("create sequence if not exists queue_test_reservation");
                for (int i = 0; i < n; i++) {
                    ps.setLong(1, team.id);
                    ps.setLong(2, member);
                    ps.setString(3, provider);
                    ps.setString(4, "queued " + i);
                    ps.setInt(5, priority.rank());
                    ps.setInt(6, i);
                    try (var rs = ps.executeQuery()) {
                        rs.next();
                        ids.add(rs.getLong(1));
                        queueJobs.add(rs.getLong(1));
                    }
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        return ids;
    }

    private long count(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }
}
