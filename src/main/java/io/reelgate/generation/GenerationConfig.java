package io.reelgate.generation;

import java.time.Duration;
import java.time.LocalTime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The job pipeline: how often it works, how it tracks providers, and when batch jobs run. */
@ConfigMapping(prefix = "reelgate.generation")
public interface GenerationConfig {

    /** Longest prompt accepted, in characters. */
    @WithDefault("10000")
    int maxPromptLength();

    /** Run workers in this instance (every instance may; the queue keeps them apart). */
    @WithDefault("true")
    boolean workersEnabled();

    /** How often an instance looks for due work (webhooks also wake it at once). */
    @WithDefault("1S")
    Duration tick();

    /** Jobs one instance works on at the same time. */
    @WithDefault("4")
    int workers();

    /**
     * Whether providers send webhooks here. With webhooks, a job is polled only once it has been
     * quiet for {@link #quietAfter()}; without, it is polled from the start.
     */
    @WithDefault("true")
    boolean webhooks();

    /**
     * With webhooks: how long a submitted job may go without any signal before it is polled, plus
     * {@link #quietPerVideoSecond()} for every second of video (long videos take longer; SPEC §2:
     * 2–5 min for 720p sora-2, 5–15 min for long sora-2-pro).
     */
    @WithDefault("2M")
    Duration quietAfter();

    /** Added to {@link #quietAfter()} per second of requested video. */
    @WithDefault("30S")
    Duration quietPerVideoSecond();

    /** No job is polled more often than this. */
    @WithDefault("10S")
    Duration minPollInterval();

    /** Long jobs are polled more slowly, up to this interval. */
    @WithDefault("60S")
    Duration maxPollInterval();

    /** Attempts for a step failing with a transient error (provider unavailable, storage down) before the job fails. */
    @WithDefault("12")
    int maxAttempts();

    /** First backoff after a transient failure; doubles per attempt (with jitter), at most 5 minutes. */
    @WithDefault("5S")
    Duration retryBase();

    /** A download that delivers no byte for this long is aborted and retried. */
    @WithDefault("60S")
    Duration stallTimeout();

    OffPeak offPeak();

    /** The window in which batch jobs are dispatched. */
    interface OffPeak {
        @WithDefault("22:00")
        LocalTime start();

        @WithDefault("06:00")
        LocalTime end();

        @WithDefault("America/Los_Angeles")
        String zone();
    }
}
