package io.reelgate.provider;

import java.time.Instant;

/**
 * A provider's video object. {@code seconds} is a number here although the API sends a string;
 * {@code errorCode}/{@code errorMessage} are set for failed jobs and may hold codes this client has
 * never seen.
 */
public record VideoJob(String id, String model, VideoStatus status, int progress, Instant createdAt,
        Instant completedAt, Instant expiresAt, String size, int seconds, String quality, String prompt,
        String remixedFromVideoId, String errorCode, String errorMessage) {

    public ProviderError.Kind failureKind() {
        return ProviderError.kindOfJobError(errorCode);
    }
}
