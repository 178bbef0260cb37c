package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.Color;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.generation.GenerationService.Queued;
import io.reelgate.generation.GenerationService.Refused;
import io.reelgate.generation.GenerationService.Request;
import io.reelgate.generation.GenerationService.Submitted;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.Reference;
import io.reelgate.storage.ObjectStore;
import io.reelgate.storage.TeamKeys;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Images;
import io.reelgate.testing.SimulatorWire;
import io.reelgate.testing.TestClock;

/**
 * Creative control through the one way jobs are made (issue 30): reference images and a last frame
 * are stored with the job and reach the provider in its wire shape; what the provider would refuse
 * is refused before anything is reserved or stored; a video extended twice is three linked videos,
 * each charged for its own seconds; a video its provider no longer holds cannot be extended.
 */
@QuarkusTest
class CreativeJobsTest {

    static final String VEO = "veo-3.1-fast-generate-preview";
    static final long PER_SECOND = 100_000; // $0.10/s at 720p in the test catalog
    static final InputImage RED = Images.solid(new Color(220, 30, 30), 64, 36);
    static final InputImage BLUE = Images.solid(new Color(30, 40, 220), 64, 36);
    static final InputImage GREEN = Images.solid(new Color(30, 200, 60), 1280, 720);

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
    SimulatorWire wire;
    @Inject
    TestClock clock;
    @Inject
    ObjectStore store;
    @Inject
    EntityManager em;
    @Inject
    JobInputs inputs;
    @Inject
    Extensions extensions;
    @Inject
    InputSweep sweep;
    @Inject
    io.reelgate.provider.Providers providers;

    @AfterEach
    void realTime() {
        clock.reset();
    }

    private Team team() {
        Team team = fixtures.team("creative", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        return team;
    }

    private static Request veo(Team team, long member, int seconds, String prompt) {
        return Request.of(team.id, member, "veo", VEO, "1280x720", seconds, prompt);
    }

    private VideoJob finished(Submitted submitted) {
        assertThat(submitted).isInstanceOf(Queued.class);
        long id = ((Queued) submitted).job().id();
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> jobs.find(id).orElseThrow().state.terminal());
        VideoJob job = jobs.find(id).orElseThrow();
        assertEquals(JobState.COMPLETED, job.state, () -> job.errorCode + ": " + job.errorMessage);
        return job;
    }

    @Test
    void referencesAndALastFrameAreKeptWithTheJobAndReachTheProviderInItsShape() {
        Team team = team();
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        String prompt = Fixtures.unique("The red and blue robots wave");
        VideoJob job = finished(generation.submit(veo(team, member, 8, prompt).withCreative(CreativeInputs.NONE
                .withReferences(List.of(Reference.asset(RED), Reference.asset(BLUE))))));
        assertEquals(List.of(Reference.Kind.ASSET, Reference.Kind.ASSET), inputs.referenceKinds(job.id));
        JsonNode refs = wire.sent("gemini", "/instances/0/prompt", prompt).orElseThrow().at("/instances/0/referenceImages");
        assertEquals(2, refs.size(), "both references were sent");
        assertEquals("ASSET", refs.path(0).path("referenceType").asText());
        assertEquals(8 * PER_SECOND, job.chargedMicros, "priced as any 8 s video of the model");

        String framed = Fixtures.unique("From green to blue");
        VideoJob ends = finished(generation.submit(veo(team, member, 4, framed).withImage(Optional.of(GREEN))
                .withCreative(CreativeInputs.NONE.withLastFrame(Optional.of(BLUE)))));
        assertThat(ends.lastFrameKey).startsWith(TeamKeys.inputs(team.id));
        JsonNode instance = wire.sent("gemini", "/instances/0/prompt", framed).orElseThrow().at("/instances/0");
        assertThat(instance.path("lastFrame").isMissingNode()).as("the last frame was sent").isFalse();
        assertThat(instance.path("image").isMissingNode()).as("with its first frame").isFalse();

        List<String> kept = store.list(TeamKeys.inputs(team.id));
        assertThat(kept).as("two references, a first and a last frame").hasSize(4).contains(ends.lastFrameKey);
        clock.set(clock.instant().plus(Duration.ofHours(25)));
        sweep.sweep();
        assertThat(store.list(TeamKeys.inputs(team.id))).as("the input sweep keeps what jobs refer to")
                .containsExactlyInAnyOrderElementsOf(kept);
    }

    @Test
    void whatTheProviderWouldRefuseIsRefusedBeforeAnythingIsReservedOrStored() {
        Team team = team();
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        List<Reference> four = List.of(Reference.asset(RED), Reference.asset(BLUE), Reference.asset(RED),
                Reference.asset(BLUE));
        assertRefused(generation.submit(veo(team, member, 8, "Four friends").withCreative(CreativeInputs.NONE
                .withReferences(four))), "references", "at most 3 reference images");
        assertRefused(generation.submit(veo(team, member, 8, "A style").withCreative(CreativeInputs.NONE
                .withReferences(List.of(Reference.style(RED))))), "references", "no style references");
        assertRefused(generation.submit(veo(team, member, 4, "Short").withCreative(CreativeInputs.NONE
                .withReferences(List.of(Reference.asset(RED))))), "references", "8-second videos");
        assertRefused(generation.submit(veo(team, member, 4, "Ends blue").withCreative(CreativeInputs.NONE
                .withLastFrame(Optional.of(BLUE)))), "lastFrame", "needs a first frame");
        assertRefused(generation.submit(Request.of(team.id, member, "simulator", "sora-2", "1280x720", 4, "No refs")
                .withCreative(CreativeInputs.NONE.withReferences(List.of(Reference.asset(RED))))), "references",
                "takes no reference images");

        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved(), "nothing reserved");
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).spent());
        assertEquals(0L, QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from video_job where team_id = ?1").setParameter(1, team.id).getSingleResult()).longValue()),
                "no job written");
        assertThat(store.list(TeamKeys.inputs(team.id))).as("no image stored").isEmpty();
    }

    @Test
    void aVideoExtendedTwiceIsThreeLinkedVideosEachChargedForItsOwnSeconds() {
        Team team = team();
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        VideoJob source = finished(generation.submit(veo(team, member, 8, Fixtures.unique("A kite rises"))));
        assertEquals(Optional.empty(), extensions.whyNot(JobView.of(source)));

        String next = Fixtures.unique("It flies over the sea");
        VideoJob first = finished(generation.submit(veo(team, member, 7, next)
                .withCreative(CreativeInputs.NONE.extending(source.id))));
        assertEquals(source.resultUrl, wire.sent("gemini", "/instances/0/prompt", next).orElseThrow()
                .at("/instances/0/video/uri").asText(), "the source's own file went to the provider");
        VideoJob second = finished(generation.submit(veo(team, member, 7, Fixtures.unique("And lands on a boat"))
                .withCreative(CreativeInputs.NONE.extending(first.id))));

        assertEquals(source.id, first.extendsJobId);
        assertEquals(first.id, second.extendsJobId);
        assertNull(source.extendsJobId);
        assertEquals(8 * PER_SECOND, source.chargedMicros);
        assertEquals(7 * PER_SECOND, first.chargedMicros, "an extension pays for the seconds it adds");
        assertEquals(7 * PER_SECOND, second.chargedMicros);
        assertEquals(15, extensions.length(JobView.of(first)), "its video is the source and its continuation");
        assertEquals(22, extensions.length(JobView.of(second)));
        assertEquals(Money.ofMicros(22 * PER_SECOND), ledger.balance(team.id, clock.instant()).spent());

        assertRefused(generation.submit(veo(team, member, 4, "Too short").withCreative(CreativeInputs.NONE
                .extending(second.id))), "seconds", "adds exactly 7 seconds");
        VideoJob sora = finished(generation.submit(Request.of(team.id, member, "simulator", "sora-2", "1280x720", 4,
                Fixtures.unique("A fox"))));
        assertRefused(generation.submit(Request.of(team.id, member, null, null, "1280x720", 4, "More fox")
                .withCreative(CreativeInputs.NONE.extending(sora.id))), "extends", "storyboard");

        VideoJob waiting = jobs.find(first.id).orElseThrow(); // a detached copy: changes stay here
        waiting.prompt = Fixtures.unique("Never sent");
        source.deletedAt = clock.instant(); // deleted while an extension of it waited: nothing is sent
        assertEquals("extension_source_gone", extensions.send(providers.get("veo"), waiting, source).error().code());
        assertThat(wire.sent("gemini", "/instances/0/prompt", waiting.prompt)).as("nothing reached the provider").isEmpty();

        clock.set(second.contentExpiresAt.plus(Duration.ofMinutes(1)));
        Money spent = ledger.balance(team.id, clock.instant()).spent();
        assertRefused(generation.submit(veo(team, member, 7, "Later").withCreative(CreativeInputs.NONE
                .extending(second.id))), "extends", "no longer holds this video");
        assertEquals(spent, ledger.balance(team.id, clock.instant()).spent());
        assertEquals(Money.ZERO, ledger.balance(team.id, clock.instant()).reserved(), "nothing reserved");
    }

    private static void assertRefused(Submitted submitted, String field, String says) {
        assertThat(submitted).isInstanceOf(Refused.class);
        Refused refused = (Refused) submitted;
        assertEquals(field, refused.reason(), refused.message());
        assertThat(refused.message()).containsIgnoringCase(says);
    }
}
