package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.lease.Leases;
import io.reelgate.provider.Variant;
import io.reelgate.storage.ObjectStore;
import io.reelgate.storage.TeamKeys;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;

/**
 * A worker whose job was taken over by another instance: the renewal finds out, the worker is
 * interrupted, and its derivation — decoded to the end anyway — stores, records and charges nothing.
 */
@QuarkusTest
class LeaseFencingTest {

    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    JobWorker worker;
    @Inject
    Leases leases;
    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    CrashPoints crash;
    @Inject
    ObjectStore store;
    @Inject
    EntityManager em;
    @Inject
    Pipeline pipeline;

    @AfterEach
    void disarm() {
        crash.disarmAll();
        Thread.interrupted();
    }

    @Test
    void aDerivationWhoseLeaseWasTakenOverStoresRecordsAndChargesNothing() {
        Team team = fixtures.team("fenced", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50,75,90,100"));
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        crash.armOnce(CrashPoints.AFTER_DERIVE);
        var result = generation.submit(GenerationService.Request.of(team.id, member, "local",
                "Wan-AI/Wan2.2-T2V-A14B-Diffusers", "1280x720", 4, Fixtures.unique("A lighthouse in fog")));
        long id = ((GenerationService.Queued) result).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !crash.armed(CrashPoints.AFTER_DERIVE));
        assertEquals(JobState.DERIVING, jobs.find(id).orElseThrow().state, "the crash left it deriving, leased to this instance");

        try (Leases.Held held = leases.work(JobQueue.LEASED, id)) {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "update video_job set lease_owner = 'other-instance', lease_until = now() + interval '30 seconds' where id = ?1")
                    .setParameter(1, id).executeUpdate());
            leases.renew();
            assertThat(held.lost()).as("the renewal found the job taken over").isTrue();
            assertThat(Thread.interrupted()).as("the worker was interrupted").isTrue();

            worker.process(id, held); // the decode runs to its end (FFmpeg does not see interrupts)
        }

        VideoJob after = jobs.find(id).orElseThrow();
        assertEquals(JobState.DERIVING, after.state, "no state change");
        assertEquals("other-instance", after.leaseOwner, "the new holder keeps the lease");
        assertThat(jobs.assets(id)).as("recorded assets").extracting(VideoAsset::variant).containsExactly(Variant.VIDEO);
        assertThat(store.list(TeamKeys.videoFiles(team.id, id))).as("stored objects: the video only").hasSize(1);
        assertEquals(0L, charges(after), "nothing charged");

        // the other instance "dies" too: the job is resumed here and charged exactly once
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update video_job set lease_until = now() - interval '1 second' where id = ?1").setParameter(1, id).executeUpdate());
        pipeline.wake();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> jobs.find(id).orElseThrow().state.terminal());
        assertEquals(JobState.COMPLETED, jobs.find(id).orElseThrow().state);
        assertEquals(1L, charges(after), "charged once");
    }

    private long charges(VideoJob job) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from ledger_entry where reservation_id = ?1 and kind = 'CHARGE'")
                .setParameter(1, job.reservationId).getSingleResult()).longValue());
    }
}
