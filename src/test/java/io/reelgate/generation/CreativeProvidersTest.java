package io.reelgate.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import io.reelgate.budget.BudgetSettings;
import io.reelgate.generation.GenerationService.Queued;
import io.reelgate.generation.GenerationService.Refused;
import io.reelgate.generation.GenerationService.Request;
import io.reelgate.generation.GenerationService.Submitted;
import io.reelgate.provider.Creative;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.Providers;
import io.reelgate.provider.Reference;
import io.reelgate.provider.VideoProvider;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Images;

/**
 * Every provider model that declares reference images, through the one way jobs are made: one more
 * reference than it takes, or a last frame without the first frame it needs, is refused before
 * admission with nothing reserved; a request within its rules is queued with its references and
 * ends as a video.
 */
@QuarkusTest
class CreativeProvidersTest {

    static final InputImage RED = Images.solid(new Color(220, 30, 30), 64, 36);

    @Inject
    GenerationService generation;
    @Inject
    JobStore jobs;
    @Inject
    JobInputs inputs;
    @Inject
    Providers providers;
    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    jakarta.persistence.EntityManager em;

    record Subject(VideoProvider provider, ModelCatalog.Model model, Creative can, String size, int seconds) {
        String name() {
            return provider.name() + "/" + model.name();
        }
    }

    private List<Subject> subjects() {
        List<Subject> found = new ArrayList<>();
        for (VideoProvider p : providers.all()) {
            for (ModelCatalog.Model m : p.catalog().models()) {
                Creative can = p.creative(m.name());
                if (!can.references().supported()) {
                    continue;
                }
                Optional<ModelCatalog.Dimensions> shape = m.dimensions().stream().filter(d -> can.references()
                        .aspectRatios().isEmpty() || can.references().aspectRatios().contains(d.aspectRatio())).findFirst();
                Optional<Integer> length = m.seconds().stream().filter(s -> can.references().seconds().isEmpty()
                        || can.references().seconds().contains(s)).findFirst();
                if (shape.isPresent() && length.isPresent()) {
                    found.add(new Subject(p, m, can, shape.get().size(), length.get()));
                }
            }
        }
        return found;
    }

    @Test
    void eachModelWithReferencesRefusesWhatItCannotTakeAndMakesWhatItCan() {
        List<Subject> subjects = subjects();
        assertThat(subjects.stream().map(s -> s.provider().name()).distinct().toList()).as("providers declaring references")
                .contains("veo", "vertex", "replicate", "fal", "runway", "xai", "openrouter");
        Team team = fixtures.team("creative-all", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("500", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 10_000, 100_000);
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        List<Long> queued = new ArrayList<>();
        for (Subject s : subjects) {
            Request plain = Request.of(team.id, member, s.provider().name(), s.model().name(), s.size(), s.seconds(),
                    Fixtures.unique("A red robot in " + s.name()));
            long before = reservations(team);
            List<Reference> tooMany = Collections.nCopies(s.can().references().max() + 1, Reference.asset(RED));
            assertRefused(s, generation.submit(plain.withCreative(CreativeInputs.NONE.withReferences(tooMany))),
                    "references");
            if (s.can().lastFrame().supported() && s.can().lastFrame().needsFirstFrame()) {
                assertRefused(s, generation.submit(plain.withCreative(CreativeInputs.NONE.withLastFrame(Optional.of(RED)))),
                        "lastFrame");
            }
            assertEquals(before, reservations(team), s.name() + ": nothing reserved");

            Reference.Kind kind = s.can().references().kinds().iterator().next();
            Submitted ok = generation.submit(plain.withCreative(CreativeInputs.NONE.withReferences(
                    List.of(new Reference(RED, kind)))));
            assertThat(ok).as(s.name() + ": " + ok).isInstanceOf(Queued.class);
            queued.add(((Queued) ok).job().id());
        }
        Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                .until(() -> queued.stream().allMatch(id -> jobs.find(id).orElseThrow().state.terminal()));
        for (long id : queued) {
            VideoJob job = jobs.find(id).orElseThrow();
            assertEquals(JobState.COMPLETED, job.state, () -> job.provider + "/" + job.model + ": " + job.errorCode + " "
                    + job.errorMessage);
            assertEquals(1, inputs.referenceKinds(id).size(), job.provider + ": its reference is kept with it");
        }
    }

    private long reservations(Team team) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from reservation where team_id = ?1").setParameter(1, team.id).getSingleResult())
                .longValue());
    }

    private static void assertRefused(Subject s, Submitted submitted, String field) {
        assertThat(submitted).as(s.name()).isInstanceOf(Refused.class);
        assertEquals(field, ((Refused) submitted).reason(), s.name() + ": " + ((Refused) submitted).message());
    }
}
