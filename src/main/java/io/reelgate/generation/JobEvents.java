package io.reelgate.generation;

import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.reelgate.provider.ProviderEventListener;
import io.reelgate.provider.VideoEvent;

/**
 * Provider webhooks, as the pipeline hears them: the event is recorded on its job as a signal and
 * the job made due at once; the worker then acts (with webhooks, a completed video is copied
 * without a single status poll). Events for videos no job knows, duplicates and late arrivals
 * change nothing.
 */
@ApplicationScoped
class JobEvents implements ProviderEventListener {

    private static final Logger LOG = Logger.getLogger(JobEvents.class);

    private final JobStore jobs;
    private final Pipeline pipeline;
    private final CrashPoints crash;

    JobEvents(JobStore jobs, Pipeline pipeline, CrashPoints crash) {
        this.jobs = jobs;
        this.pipeline = pipeline;
        this.crash = crash;
    }

    @Override
    public void onVideoEvent(VideoEvent event) {
        crash.reach(CrashPoints.IN_WEBHOOK);
        var job = jobs.findByProviderVideo(event.provider(), event.videoId());
        if (job.isPresent()) {
            jobs.signal(job.get().id, event.type());
            pipeline.wake();
            return;
        }
        if (Duration.between(event.createdAt(), Instant.now()).compareTo(UNMATCHED_PATIENCE) < 0) {
            // A fast provider can answer by webhook before we stored its id from the create call:
            // fail, so the inbox delivers the event again shortly.
            throw new RetryLater("no job knows video " + event.videoId() + " yet");
        }
        LOG.debugf("Webhook %s for %s matches no job", event.type(), event.videoId());
    }

    /** How long an event for an unknown video is retried before it is taken to belong to someone else. */
    private static final Duration UNMATCHED_PATIENCE = Duration.ofMinutes(2);
}
