package io.reelgate.generation;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.lease.Leases;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.GeneratedBytes;
import io.restassured.RestAssured;

/**
 * Ingest throughput (provider download streamed into S3) versus a plain S3 upload of the same
 * bytes, and live heap while ingesting 200 MB (docs/benchmarks.md). Not part of {@code verify}:
 * {@code ./mvnw test -Dtest=IngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@QuarkusTest
class IngestBenchmark {

    static final long SIZE = 200L * 1024 * 1024;

    @Inject
    JobWorker worker;
    @Inject
    Leases leases;
    @Inject
    JobStore jobs;
    @Inject
    ObjectStore store;
    @Inject
    Admission admission;
    @Inject
    BudgetSettings settings;
    @Inject
    Fixtures fixtures;
    @Inject
    EntityManager em;
    @Inject
    io.reelgate.provider.Providers providers;

    @Test
    void ingestVersusPlainUpload() throws Exception {
        Team team = fixtures.team("ingest", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50"));
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);

        for (int run = 0; run < 5; run++) { // runs 0 and 1 warm up both paths
            long plainNs = plainUpload("bench/plain-" + run);
            long ingestNs = ingest(team, member, null);
            if (run > 1) {
                double plainMBs = SIZE / 1048576.0 / (plainNs / 1e9);
                double ingestMBs = SIZE / 1048576.0 / (ingestNs / 1e9);
                System.out.printf("| run %d | plain S3 upload %.0f MB/s | ingest %.0f MB/s | ratio %.2f |%n", run, plainMBs,
                        ingestMBs, ingestMBs / plainMBs);
            }
        }
        // separate runs for memory: the sampler forces a GC five times a second, which would distort the timing
        long plainHeap = sampled(() -> plainUpload("bench/plain-heap"));
        String downloadId = RestAssured.given().header("Authorization", "Bearer sk-sim-reelgate-dev")
                .contentType("application/json").body(Map.of("bytes", SIZE)).post("/sim/admin/synthetic-videos")
                .then().statusCode(200).extract().path("id");
        long downloadHeap = sampled(() -> {
            try (var content = providers.get("simulator").download(new io.reelgate.provider.ResultRef(downloadId, null), io.reelgate.provider.Variant.VIDEO).value()) {
                content.body().transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        System.out.printf("| live heap growth of a 200 MB download alone (simulator serving in the same JVM) | %.1f MB |%n",
                downloadHeap / 1048576.0);
        long[] heap = new long[1];
        ingest(team, member, heap);
        System.out.printf("| live heap growth (max after GC, sampled every 200 ms) | plain upload %.1f MB | ingest %.1f MB |%n",
                plainHeap / 1048576.0, heap[0] / 1048576.0);
    }

    private static long sampled(Runnable work) {
        try {
            return io.reelgate.testing.HeapGrowth.during(work::run);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long plainUpload(String key) {
        long t0 = System.nanoTime();
        store.put(key, new GeneratedBytes(SIZE, 3), "video/mp4");
        long took = System.nanoTime() - t0;
        store.delete(key);
        return took;
    }

    /** Works on the job as the pipeline does: under its lease, held by this instance. */
    private void work(long jobId) {
        try (Leases.Held held = leases.work(JobQueue.LEASED, jobId)) {
            worker.process(jobId, held);
        }
    }

    private long ingest(Team team, long member, long[] heapGrowth) throws Exception {
        String videoId = RestAssured.given().header("Authorization", "Bearer sk-sim-reelgate-dev").contentType("application/json")
                .body(Map.of("bytes", SIZE)).post("/sim/admin/synthetic-videos").then().statusCode(200).extract().path("id");
        AdmissionResult.Admitted admitted = (AdmissionResult.Admitted) admission.admit(new AdmissionRequest(team.id, member,
                "simulator", "sora-2", "1280x720", 4, false));
        long jobId = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("insert into video_job "
                + "(team_id, member_id, reservation_id, provider, model, size, seconds, prompt, priority, fingerprint, "
                + "state, provider_video_id, lease_owner, lease_until) values (?1, ?2, ?3, 'simulator', 'sora-2', "
                + "'1280x720', 4, 'ingest benchmark', 1, 'x', 'INGESTING', ?4, ?5, now() + interval '1 hour') "
                + "returning id").setParameter(1, team.id).setParameter(2, member).setParameter(3, admitted.reservationId())
                .setParameter(4, videoId).setParameter(5, leases.owner()).getSingleResult()).longValue());

        long t0 = System.nanoTime();
        if (heapGrowth != null) {
            heapGrowth[0] = io.reelgate.testing.HeapGrowth.during(() -> work(jobId));
        } else {
            work(jobId);
        }
        long took = System.nanoTime() - t0;
        VideoJob done = jobs.find(jobId).orElseThrow();
        if (done.state != JobState.COMPLETED) {
            throw new IllegalStateException("ingest did not complete: " + done.state + " " + done.errorMessage);
        }
        long videoBytes = jobs.assets(jobId).stream().filter(a -> a.variant() == io.reelgate.provider.Variant.VIDEO)
                .findFirst().orElseThrow().sizeBytes;
        if (videoBytes != SIZE) {
            throw new IllegalStateException("stored " + videoBytes + " bytes");
        }
        store.deletePrefix("teams/" + team.id + "/videos/" + jobId + "/");
        return took;
    }
}
