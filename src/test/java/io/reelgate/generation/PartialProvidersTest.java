package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;
import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.storage.TeamKeys;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.media.ContentKind;
import io.reelgate.media.Previews;
import io.reelgate.provider.Providers;
import io.reelgate.provider.Variant;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.TestClock;

/**
 * Providers that speak the OpenAI shape in part, against the simulator's partial behaviours:
 * {@code local} (vLLM-Omni preset on a vLLM-Omni server: only the MP4, no webhooks, no expiry,
 * no remix), {@code sora-on-vllm} (a client expecting every variant from a server that ignores
 * {@code variant}) and {@code sora-on-strict} (a server that answers 404 for anything but the
 * video). Every job completes with previews Reelgate made from the stored video.
 */
@QuarkusTest
class PartialProvidersTest {

    @Inject
    TestClock clock;
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
    Providers providers;
    @Inject
    CrashPoints crash;
    @Inject
    EntityManager em;
    @Inject
    Pipeline pipeline;
    @Inject
    DataSource dataSource;

    Team team;
    long member;

    @BeforeEach
    void team() {
        team = fixtures.team("partial", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50,75,90,100"));
        member = fixtures.personIn(team, "maker", TeamRole.MEMBER);
    }

    @AfterEach
    void disarm() {
        crash.disarmAll();
    }

    private JobView submit(String provider, String model, String size, int seconds, String prompt) {
        var result = generation.submit(GenerationService.Request.of(team.id, member, provider, model, size, seconds,
                prompt));
        assertThat(result).as("submission to " + provider).isInstanceOf(GenerationService.Queued.class);
        return ((GenerationService.Queued) result).job();
    }

    private VideoJob awaitTerminal(long id) {
        Awaitility.await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(50))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        return jobs.find(id).orElseThrow();
    }

    private Map<Variant, VideoAsset> assets(long jobId) {
        return jobs.assets(jobId).stream().collect(Collectors.toMap(VideoAsset::variant, a -> a));
    }

    private BufferedImage image(VideoAsset asset) throws IOException {
        try (InputStream in = store.open(asset.objectKey, 0, null)) {
            BufferedImage image = ImageIO.read(in);
            assertThat(image).as(asset.objectKey + " is a readable image").isNotNull();
            return image;
        }
    }

    private ContentKind kindOf(VideoAsset asset) throws IOException {
        try (InputStream in = store.open(asset.objectKey, 0, null)) {
            byte[] head = in.readNBytes(ContentKind.HEAD_BYTES);
            return ContentKind.of(head, head.length);
        }
    }

    @Test
    void aProviderWithOnlyTheVideoNoWebhooksAndNoExpiryCompletesWithPreviewsMadeFromTheFile() throws Exception {
        String model = "Wan-AI/Wan2.2-T2V-A14B-Diffusers";
        VideoJob done = awaitTerminal(submit("local", model, "1280x720", 5, Fixtures.unique("A kite over dunes")).id());

        assertEquals(JobState.COMPLETED, done.state, "failed as " + done.errorCode + ": " + done.errorMessage);
        assertThat(done.polls).as("no webhooks: tracked by polling").isPositive();
        assertThat(JobTransition.history(done.id).stream().map(t -> t.toState).toList()).containsExactly(JobState.ADMITTED,
                JobState.SUBMITTING, JobState.SUBMITTED, JobState.INGESTING, JobState.DERIVING, JobState.COMPLETED);
        Map<Variant, VideoAsset> assets = assets(done.id);
        VideoAsset video = assets.get(Variant.VIDEO);
        assertEquals("PROVIDER", video.origin);
        assertThat(video.durationMs).as("duration read from the file").isBetween(4_900L, 5_100L);
        assertEquals("h264", video.codec);
        assertThat(video.width).as("the simulator renders 1280x720 at reduced size, keeping its shape").isEqualTo(96);
        assertEquals(54, video.height);
        VideoAsset poster = assets.get(Variant.THUMBNAIL);
        VideoAsset sprite = assets.get(Variant.SPRITESHEET);
        assertEquals("DERIVED", poster.origin, "the poster was made by Reelgate");
        assertEquals("DERIVED", sprite.origin, "the spritesheet was made by Reelgate");
        assertEquals("image/jpeg", poster.contentType);
        BufferedImage posterImage = image(poster);
        assertEquals(video.width + "x" + video.height, posterImage.getWidth() + "x" + posterImage.getHeight(),
                "the poster has the video's own size");
        assertEquals(posterImage.getWidth(), poster.width);
        assertThat(Previews.spread(posterImage)).as("not a blank frame").isGreaterThan(10);
        BufferedImage sheet = image(sprite);
        assertEquals(10 * video.width, sheet.getWidth(), "ten tiles of the video's shape in one row");
        assertEquals(video.height, sheet.getHeight());
        assertEquals(Money.parse("0.20"), Money.ofMicros(done.chargedMicros), "5 s (from the file) at $0.04/s");
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved());
    }

    @Test
    void aServerThatIgnoresTheVariantGetsItsFakePreviewsThrownAwayAndStorageKeepsOneVideo() throws Exception {
        VideoJob done = awaitTerminal(submit("sora-on-vllm", "sora-2", "720x1280", 4, Fixtures.unique("A tall lighthouse")).id());

        assertEquals(JobState.COMPLETED, done.state, "failed as " + done.errorCode + ": " + done.errorMessage);
        Map<Variant, VideoAsset> assets = assets(done.id);
        assertEquals(ContentKind.MP4, kindOf(assets.get(Variant.VIDEO)));
        for (Variant preview : List.of(Variant.THUMBNAIL, Variant.SPRITESHEET)) {
            VideoAsset asset = assets.get(preview);
            assertEquals("DERIVED", asset.origin, preview + ": the provider's MP4 was discarded, Reelgate made one");
            assertEquals(ContentKind.JPEG, kindOf(asset), preview + " is really an image");
            assertThat(asset.objectKey).endsWith(".jpg");
        }
        List<String> objects = store.list(TeamKeys.videoFiles(done.teamId, done.id));
        assertThat(objects).as("one copy of the MP4, two images").hasSize(3);
        assertThat(objects.stream().filter(k -> k.endsWith(".mp4"))).hasSize(1);
        BufferedImage portrait = image(assets.get(Variant.THUMBNAIL));
        assertTrue(portrait.getHeight() > portrait.getWidth(), "a portrait video gets a portrait poster");
    }

    @Test
    void aServerThatAnswers404ForPreviewsWithoutExpiryStillDeliversTheVideoAndChargesForIt() {
        VideoJob done = awaitTerminal(submit("sora-on-strict", "sora-2", "1280x720", 8, Fixtures.unique("A red fox")).id());

        assertEquals(JobState.COMPLETED, done.state, "a missing thumbnail is not expired content: " + done.errorCode);
        assertNull(done.errorCode);
        assertEquals(Money.parse("0.80"), Money.ofMicros(done.chargedMicros), "the video is charged, 8 s at $0.10/s");
        Map<Variant, VideoAsset> assets = assets(done.id);
        assertThat(assets).containsKeys(Variant.VIDEO, Variant.THUMBNAIL, Variant.SPRITESHEET);
        assertEquals("DERIVED", assets.get(Variant.THUMBNAIL).origin);
        assertThat(ledger.reconcile().balanced()).isTrue();
    }

    @Test
    void aRemixOnAProviderWithoutRemixIsRefusedClearlyAndChangesNothing() {
        VideoJob source = awaitTerminal(submit("local", "Wan-AI/Wan2.2-T2V-A14B-Diffusers", "832x480", 4,
                Fixtures.unique("A paper boat")).id());
        assertEquals(JobState.COMPLETED, source.state);
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);

        var result = generation.submit(GenerationService.Request.of(team.id, member, null, null, null, 0,
                "The same boat at night").withRemixOf(source.id));

        assertThat(result).isInstanceOf(GenerationService.Refused.class);
        GenerationService.Refused refused = (GenerationService.Refused) result;
        assertEquals("remixOf", refused.reason());
        assertThat(refused.message()).contains("cannot remix");
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id), "nothing reserved, nothing queued");
    }

    @Test
    void aCrashWhileMakingPreviewsIsResumedFromStorageAndChargedOnce() {
        crash.armOnce(CrashPoints.AFTER_DERIVE);
        JobView job = submit("local", "Wan-AI/Wan2.2-T2V-A14B-Diffusers", "1280x720", 4, Fixtures.unique("A quiet harbour"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !crash.armed(CrashPoints.AFTER_DERIVE));
        assertEquals(JobState.DERIVING, jobs.find(job.id()).orElseThrow().state, "the crash left it deriving");
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update video_job set lease_until = now() - interval '1 second' where id = ?1 and lease_until is not null")
                .setParameter(1, job.id()).executeUpdate());
        pipeline.wake();

        VideoJob done = awaitTerminal(job.id());
        assertEquals(JobState.COMPLETED, done.state);
        assertThat(store.list(TeamKeys.videoFiles(done.teamId, done.id))).as("video, poster, spritesheet and nothing else").hasSize(3);
        long charges = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from ledger_entry where reservation_id = ?1 and kind = 'CHARGE'")
                .setParameter(1, done.reservationId).getSingleResult()).longValue());
        assertEquals(1L, charges, "charged exactly once");
    }
}
