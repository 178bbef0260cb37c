package io.reelgate.provider;

import java.time.Instant;

/** A verified provider event about a video ({@code video.completed} or {@code video.failed}). */
public record VideoEvent(String provider, String webhookId, String eventId, String type, String videoId,
        Instant createdAt) {

    public static final String COMPLETED = "video.completed";
    public static final String FAILED = "video.failed";
}
