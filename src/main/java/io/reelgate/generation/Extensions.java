package io.reelgate.generation;

import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

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
    private final JobStore jobs;

    Extensions(Providers providers, InstantSource clock, JobStore jobs) {
        this.jobs = jobs;
        this.providers = providers;
        this.clock = clock;
    }

    /** What one extension of the source may add, or {@link Creative.Extension#NONE}. */
    public Creative.Extension of(VideoJob source) {
        return providers.find(source.provider).filter(p -> p instanceof VideoExtender)
                .map(p -> p.creative(source.model).extension()).orElse(Creative.Extension.NONE);
    }

    /**
     * Why the team's video cannot be extended, in a sentence for its page (empty: it can). Where no
     * provider could, the sentence offers the storyboard way: continuing from its last frame.
     */
    public Optional<String> whyNot(VideoJob source) {
        if (source.state != JobState.COMPLETED || source.deletedAt != null) {
            return Optional.of("Only a finished video can be extended.");
        }
        if (source.stitched()) {
            return Optional.of("A stitched storyboard video cannot be extended; add a shot to its storyboard instead.");
        }
        String label = providers.label(source.provider);
        Creative.Extension can = of(source);
        if (!can.supported()) {
            return Optional.of(label + " cannot extend " + source.model + " videos. Continue from the last frame in a "
                    + "storyboard instead.");
        }
        if (source.resultUrl == null && source.providerVideoId == null
                || source.contentExpiresAt != null && !source.contentExpiresAt.isAfter(clock.instant())) {
            return Optional.of(label + " no longer holds this video" + (source.contentExpiresAt == null ? ""
                    : " (it kept it until " + WHEN.format(source.contentExpiresAt) + ")") + ", and only a video it "
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
    Request asExtensionOf(Request r, VideoJob source, String prompt) {
        int seconds = r.seconds() > 0 ? r.seconds() : of(source).minSeconds();
        Request extension = Request.of(r.teamId(), r.memberId(), source.provider, source.model, source.size, seconds,
                prompt).withAudio(source.withAudio).withBatch(r.batch()).withScheduleIfLimited(r.scheduleIfLimited())
                .withCreative(CreativeInputs.NONE.extending(source.id));
        return r.apiKeyId() == null ? extension : extension.fromApiKey(r.apiKeyId());
    }

    /** What the provider would refuse of extending the source by {@code r.seconds()}, said before admission. */
    Optional<Refused> refusal(Request r, VideoJob source, String prompt) {
        Optional<String> why = whyNot(source);
        if (why.isPresent()) {
            return Optional.of(new Refused("extends", why.get(), null));
        }
        return of(source).refusal(request(source, prompt, r.seconds()), providers.label(source.provider))
                .map(e -> new Refused("seconds".equals(e.param()) ? "seconds" : "extends", e.message(), null));
    }

    /** Sends the extension job to its provider. */
    ProviderResult<RemoteVideo> send(VideoProvider provider, VideoJob job, VideoJob source) {
        if (!(provider instanceof VideoExtender extender)) {
            return ProviderResult.failed(new ProviderError(ProviderError.Kind.UNSUPPORTED, "unsupported",
                    providers.label(job.provider) + " cannot extend videos.", "extends", null, 0));
        }
        return extender.extend(request(source, job.prompt, job.seconds));
    }

    private VideoExtender.ExtendVideo request(VideoJob source, String prompt, int seconds) {
        return new VideoExtender.ExtendVideo(source.model, prompt, seconds, source.resultUrl, source.providerVideoId,
                length(source));
    }

    /**
     * How long the video is: the seconds it was charged for (else asked for) and, for an extension,
     * the length of the video it continues before them (a provider's extension is the whole video).
     */
    public int length(VideoJob video) {
        int own = video.actualSeconds != null && video.actualSeconds > 0 ? video.actualSeconds : video.seconds;
        return own + (video.extension() ? jobs.find(video.extendsJobId).map(this::length).orElse(0) : 0);
    }
}
