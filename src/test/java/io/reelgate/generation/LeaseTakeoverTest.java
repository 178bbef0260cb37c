package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.lease.LeaseConfig;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;

/**
 * An instance died (kill -9) holding a row of every leased kind: a job in each of SUBMITTING,
 * SUBMITTED, INGESTING and DERIVING, an outgoing webhook, a provider event, an alert mail and a
 * stitch. Its rows carry the default lease from a renewal made just before it died (the worst
 * case) and are never renewed again. This instance must leave them alone until the lease runs out
 * and take each over within one polling interval after that; the jobs then complete, charged once.
 */
@QuarkusTest
class LeaseTakeoverTest {

    private static final String DEAD = "dead-instance";
    /** The longest polling interval of a taker in the test profile (inbox, alerts and storyboard sweeps: 1 s). */
    private static final double POLL = 1.0;

    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    CrashPoints crash;
    @Inject
    EntityManager em;
    @Inject
    LeaseConfig leases;

    private record Row(String what, String table, String ownerColumn, long id) {
    }

    @AfterEach
    void disarm() {
        crash.disarmAll();
        PipelineTest.faults(Map.of());
    }

    @Test
    void aDeadInstancesRowsOfEveryLeasedKindAreTakenOverOnceTheirDefaultLeaseRunsOut() {
        Team team = fixtures.team("takeover", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50,75,90,100"));
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);

        // each row as the dead instance left it: renewed just before it died (the worst case), never again
        double lease = leases.duration().toMillis() / 1000.0;
        Map<Row, Long> died = new LinkedHashMap<>();
        died.put(deadJob("job SUBMITTING", crashed(team, member, "simulator", CrashPoints.AFTER_CLAIM), JobState.SUBMITTING),
                System.nanoTime());
        PipelineTest.faults(Map.of("webhookDrop", true)); // tracked by polling, not due before it is marked dead
        died.put(deadJob("job SUBMITTED", crashed(team, member, "simulator", CrashPoints.AFTER_STORE_PROVIDER_ID),
                JobState.SUBMITTED), System.nanoTime());
        PipelineTest.faults(Map.of());
        died.put(deadJob("job INGESTING", crashed(team, member, "simulator", "after-download-video"), JobState.INGESTING),
                System.nanoTime());
        died.put(deadJob("job DERIVING", crashed(team, member, "local", CrashPoints.AFTER_DERIVE), JobState.DERIVING),
                System.nanoTime());
        died.put(new Row("outgoing webhook", "webhook_delivery", "lease_owner", insert("""
                with e as (insert into webhook_endpoint (team_id, url, events, secret)
                           values (?1, 'http://127.0.0.1:9/hook', '{video.completed}', 'whsec_dGFrZW92ZXItdGVzdC1zZWNyZXQ=')
                           returning id)
                insert into webhook_delivery (endpoint_id, team_id, event_id, type, payload, lease_owner, lease_until)
                select e.id, ?1, ?2, 'video.completed', '{}', ?3, now() + ?4 * interval '1 second' from e returning id
                """, team.id, Fixtures.unique("evt"), DEAD, lease)), System.nanoTime());
        died.put(new Row("provider event", "webhook_event", "lease_owner", insert("""
                insert into webhook_event (provider, webhook_id, event_type, video_id, payload, lease_owner, lease_until)
                values ('simulator', ?1, 'video.completed', ?2, '{}', ?3, now() + ?4 * interval '1 second') returning id
                """, Fixtures.unique("wh"), Fixtures.unique("no-such-video"), DEAD, lease)), System.nanoTime());
        died.put(new Row("alert mail", "budget_alert", "lease_owner", insert("""
                insert into budget_alert (team_id, period_start, threshold_pct, spent_micros, budget_micros, lease_owner,
                                          lease_until)
                values (?1, date_trunc('month', now())::date, 50, 500000000, 1000000000, ?2, now() + ?3 * interval '1 second')
                returning id
                """, team.id, DEAD, lease)), System.nanoTime());
        long shotJob = died.keySet().iterator().next().id();
        died.put(new Row("stitch", "storyboard", "stitch_lease_owner", insert("""
                with b as (insert into storyboard (team_id, created_by, title, size, state, stitch_lease_owner, stitch_lease_until)
                           values (?1, ?2, 'Takeover', '1280x720', 'STITCHING', ?3, now() + ?4 * interval '1 second')
                           returning id),
                     s as (insert into storyboard_shot (storyboard_id, position, prompt, provider, model, seconds, start, job_id)
                           select id, 1, 'The only shot', 'simulator', 'sora-2', 4, 'FRESH', ?5 from b)
                select id from b
                """, team.id, member, DEAD, lease, shotJob)), System.nanoTime());
        List<Row> rows = new ArrayList<>(died.keySet());

        Map<String, Double> takenAfter = new LinkedHashMap<>();
        Awaitility.await().atMost(leases.duration().plusSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            for (Row r : rows) {
                if (!takenAfter.containsKey(r.what()) && !DEAD.equals(owner(r))) {
                    takenAfter.put(r.what(), (System.nanoTime() - died.get(r)) / 1e9);
                }
            }
            return takenAfter.size() == rows.size();
        });

        System.out.printf("[leases] seconds from the dead instance's last renewal to the takeover: %s%n", takenAfter);
        assertThat(takenAfter).as("seconds to takeover, lease %.0f s", lease)
                .allSatisfy((what, seconds) -> assertThat(seconds).as(what).isBetween(lease - 0.5, lease + POLL + 1.5));
        for (Row r : rows.stream().filter(r -> r.what().startsWith("job ")).toList()) {
            Awaitility.await().atMost(Duration.ofSeconds(45)).until(() -> jobs.find(r.id()).orElseThrow().state.terminal());
            assertEquals(JobState.COMPLETED, jobs.find(r.id()).orElseThrow().state, r.what() + " resumed and completed");
            assertEquals(1L, count("select count(*) from ledger_entry l join video_job j on j.reservation_id = l.reservation_id"
                    + " where j.id = ?1 and l.kind = 'CHARGE'", r.id()), r.what() + " charged once");
        }
        // what the sweeps would otherwise keep retrying
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("update storyboard set state = 'DONE' where team_id = ?1").setParameter(1, team.id).executeUpdate();
            em.createNativeQuery("update webhook_delivery set state = 'FAILED' where team_id = ?1").setParameter(1, team.id)
                    .executeUpdate();
            em.createNativeQuery("update webhook_event set processed_at = now() where id = ?1").setParameter(1, rows.get(5).id())
                    .executeUpdate();
        });
    }

    /** A job left in a state by a crash at {@code point}, held by nobody who will come back for it. */
    private long crashed(Team team, long member, String provider, String point) {
        crash.armOnce(point);
        String model = provider.equals("local") ? "Wan-AI/Wan2.2-T2V-A14B-Diffusers" : "sora-2";
        var result = generation.submit(GenerationService.Request.of(team.id, member, provider, model, "1280x720", 4,
                Fixtures.unique("Lease takeover " + point)));
        long id = ((GenerationService.Queued) result).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !crash.armed(point));
        return id;
    }

    /** The crashed job as the dead instance left it: in {@code state}, its lease just renewed, due. */
    private Row deadJob(String what, long id, JobState state) {
        double lease = leases.duration().toMillis() / 1000.0;
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                update video_job set lease_owner = ?1, lease_until = now() + ?2 * interval '1 second', next_attempt_at = now()
                where id = ?3
                """).setParameter(1, DEAD).setParameter(2, lease).setParameter(3, id).executeUpdate());
        assertEquals(state, jobs.find(id).orElseThrow().state, what + ": the crash left it there");
        return new Row(what, "video_job", "lease_owner", id);
    }

    private long insert(String sql, Object... params) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var q = em.createNativeQuery(sql);
            for (int i = 0; i < params.length; i++) {
                q.setParameter(i + 1, params[i]);
            }
            return ((Number) q.getSingleResult()).longValue();
        });
    }

    private String owner(Row r) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select coalesce(%s, '-') from %s where id = ?1".formatted(r.ownerColumn(), r.table()))
                .setParameter(1, r.id()).getSingleResult());
    }

    private long count(String sql, long id) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(sql).setParameter(1, id)
                .getSingleResult()).longValue());
    }
}
