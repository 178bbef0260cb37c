package io.reelgate.generation;

import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

import io.reelgate.generation.GenerationService.Refused;
import io.reelgate.generation.GenerationService.Request;
import io.reelgate.provider.Creative;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.VideoExtender;
import io.reelgate.provider.VideoProvider;

/**
 * Extending a finished video (issue 30): whether a video can be made longer and, if not, why in a
 * sentence for its page — a video another provider made, one its provider no longer holds, one too
 * long —; the extension's request (the source's provider, model and size, the seconds it adds, priced
 * for those seconds); and, in the worker, the call to the provider's {@link VideoExtender}.
 */
@ApplicationScoped
public class Extensions {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final Providers providers;
    private final InstantSource clock;
    private final EntityManager em;

    Extensions(Providers providers, InstantSource clock, EntityManager em) {
        this.em = em;
        this.providers = providers;
        this.clock = clock;
    }

    /** What one extension of the source may add, or {@link Creative.Extension#NONE}. */
    public Creative.Extension of(JobView source) {
        return providers.find(source.provider()).filter(p -> p instanceof VideoExtender)
                .map(p -> p.creative(source.model()).extension()).orElse(Creative.Extension.NONE);
    }

    /**
     * Why the team's video cannot be extended, in a sentence for its page (empty: it can). Where no
     * provider could, the sentence offers the storyboard way: continuing from its last frame.
     */
    public Optional<String> whyNot(JobView source) {
        if (source.state() != JobState.COMPLETED || source.deletedAt() != null) {
            return Optional.of("Only a finished video can be extended.");
        }
        if (source.stitched()) {
            return Optional.of("A stitched storyboard video cannot be extended; add a shot to its storyboard instead.");
        }
        String label = providers.label(source.provider());
        Creative.Extension can = of(source);
        if (!can.supported()) {
            return Optional.of(label + " cannot extend " + source.model() + " videos. Continue from the last frame in a "
                    + "storyboard instead.");
        }
        if (source.resultUrl() == null && source.providerVideoId() == null
                || source.contentExpiresAt() != null && !source.contentExpiresAt().isAfter(clock.instant())) {
            return Optional.of(label + " no longer holds this video" + (source.contentExpiresAt() == null ? ""
                    : " (it kept it until " + WHEN.format(source.contentExpiresAt()) + ")") + ", and only a video it "
                    + "still holds can be extended. Continue from the last frame in a storyboard instead.");
        }
        int length = length(source);
        if (can.maxSourceSeconds() > 0 && length > can.maxSourceSeconds()) {
            return Optional.of(label + " extends videos of up to " + can.maxSourceSeconds() + " seconds; this one is "
                    + length + " seconds long. Continue from the last frame in a storyboard instead.");
        }
        return Optional.empty();
    }

    /** The extension as it is admitted: the source's provider, model, size and sound, for the seconds it adds. */
    Request asExtensionOf(Request r, JobView source, String prompt) {
        int seconds = r.seconds() > 0 ? r.seconds() : of(source).minSeconds();
        Request extension = Request.of(r.teamId(), r.memberId(), source.provider(), source.model(), source.size(), seconds,
                prompt).withAudio(source.withAudio()).withBatch(r.batch()).withScheduleIfLimited(r.scheduleIfLimited())
                .withCreative(CreativeInputs.NONE.extending(source.id()));
        return r.apiKeyId() == null ? extension : extension.fromApiKey(r.apiKeyId());
    }

    /** What the provider would refuse of extending the source by {@code r.seconds()}, said before admission. */
    Optional<Refused> refusal(Request r, JobView source, String prompt) {
        Optional<String> why = whyNot(source);
        if (why.isPresent()) {
            return Optional.of(new Refused("extends", why.get(), null));
        }
        return of(source).refusal(request(source, prompt, r.seconds()), providers.label(source.provider()))
                .map(e -> new Refused("seconds".equals(e.param()) ? "seconds" : "extends", e.message(), null));
    }

    /**
     * Sends the extension job to its provider, unless its source was deleted or expired while it
     * waited (then the provider no longer has it: a NOT_FOUND, nothing sent).
     */
    ProviderResult<RemoteVideo> send(VideoProvider provider, VideoJob job, VideoJob source) {
        if (!(provider instanceof VideoExtender extender)) {
            return ProviderResult.failed(new ProviderError(ProviderError.Kind.UNSUPPORTED, "unsupported",
                    providers.label(job.provider) + " cannot extend videos.", "extends", null, 0));
        }
        if (source.deletedAt != null || source.contentExpiresAt != null && !source.contentExpiresAt.isAfter(clock.instant())) {
            return ProviderResult.failed(new ProviderError(ProviderError.Kind.NOT_FOUND, "extension_source_gone",
                    "The video to extend was deleted or expired before the extension was sent.", "extends", null, 404));
        }
        return extender.extend(request(JobView.of(source), job.prompt, job.seconds));
    }

    private VideoExtender.ExtendVideo request(JobView source, String prompt, int seconds) {
        return new VideoExtender.ExtendVideo(source.model(), prompt, seconds, source.resultUrl(), source.providerVideoId(),
                length(source));
    }

    /**
     * How long the video is: the seconds it was charged for (else asked for) and, for an extension,
     * the length of the video it continues before them (a provider's extension is the whole video).
     * One query however long the chain.
     */
    public int length(JobView video) {
        if (!video.extension()) {
            return own(video.actualSeconds(), video.seconds());
        }
        Number total = QuarkusTransaction.joiningExisting().call(() -> (Number) em.createNativeQuery("""
                with recursive chain (id, extends_job_id, seconds) as (
                    select id, extends_job_id, coalesce(nullif(actual_seconds, 0), seconds) from video_job where id = ?1
                    union all
                    select j.id, j.extends_job_id, coalesce(nullif(j.actual_seconds, 0), j.seconds)
                    from video_job j join chain c on j.id = c.extends_job_id
                )
                select coalesce(sum(seconds), 0) from chain
                """).setParameter(1, video.id()).getSingleResult());
        return total.intValue();
    }

    private static int own(Integer actualSeconds, int seconds) {
        return actualSeconds != null && actualSeconds > 0 ? actualSeconds : seconds;
    }
}
