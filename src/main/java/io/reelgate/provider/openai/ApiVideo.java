package io.reelgate.provider.openai;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.reelgate.provider.VideoJob;
import io.reelgate.provider.VideoStatus;

/** The Videos API's video object as sent on the wire; unknown fields are ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ApiVideo(
        String id,
        String object,
        String model,
        String status,
        Integer progress,
        @JsonProperty("created_at") Long createdAt,
        @JsonProperty("completed_at") Long completedAt,
        @JsonProperty("expires_at") Long expiresAt,
        String size,
        String seconds,
        String quality,
        String prompt,
        @JsonProperty("remixed_from_video_id") String remixedFromVideoId,
        ApiVideoError error) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApiVideoError(String code, String message) {
    }

    VideoJob toJob() {
        return new VideoJob(id, model, VideoStatus.fromApi(status), progress == null ? 0 : progress, instant(createdAt),
                instant(completedAt), instant(expiresAt), size, parseSeconds(seconds), quality, prompt,
                remixedFromVideoId, error == null ? null : error.code(), error == null ? null : error.message());
    }

    private static Instant instant(Long epochSeconds) {
        return epochSeconds == null ? null : Instant.ofEpochSecond(epochSeconds);
    }

    /** The API sends seconds as a string ("8"); tolerate "8.0" too. */
    private static int parseSeconds(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return 0;
        }
        return (int) Math.round(Double.parseDouble(seconds.trim()));
    }
}
