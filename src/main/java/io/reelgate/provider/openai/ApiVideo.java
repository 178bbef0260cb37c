package io.reelgate.provider.openai;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.VideoStatus;

/**
 * The Videos API's video object as sent on the wire; unknown fields are ignored. Servers that
 * speak the shape in part differ in small ways handled here: {@code seconds} as a number,
 * statuses of their own ("processing"), Bifrost's {@code videos[].url} and {@code content_filter}.
 */
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
        ApiVideoError error,
        List<ApiVideoFile> videos,
        @JsonProperty("content_filter") ApiContentFilter contentFilter) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApiVideoError(String code, String message) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApiVideoFile(String url) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ApiContentFilter(@JsonProperty("filtered_count") Integer filteredCount, List<String> reasons) {
    }

    RemoteVideo toRemote() {
        VideoStatus state = VideoStatus.fromApi(status);
        String code = error == null ? null : error.code();
        String message = error == null ? null : error.message();
        boolean filtered = contentFilter != null && contentFilter.filteredCount() != null
                && contentFilter.filteredCount() > 0;
        String url = videos == null ? null : videos.stream().map(ApiVideoFile::url).filter(u -> u != null && !u.isBlank())
                .findFirst().orElse(null);
        if (filtered && state == VideoStatus.COMPLETED && url == null) {
            // a gateway reporting a finished job whose every output was filtered: a moderation refusal
            state = VideoStatus.FAILED;
            code = "moderation_blocked";
            message = "The provider's safety filter removed the output"
                    + (contentFilter.reasons() == null || contentFilter.reasons().isEmpty() ? "."
                            : ": " + String.join("; ", contentFilter.reasons()) + ".");
        }
        if (state == VideoStatus.FAILED && code == null) {
            code = status == null ? "failed" : status.toLowerCase(java.util.Locale.ROOT);
        }
        return new RemoteVideo(id, model, state, progress == null ? 0 : progress, instant(createdAt), instant(completedAt),
                instant(expiresAt), size, parseSeconds(seconds), quality, prompt, remixedFromVideoId, code, message, url);
    }

    private static Instant instant(Long epochSeconds) {
        return epochSeconds == null || epochSeconds <= 0 ? null : Instant.ofEpochSecond(epochSeconds);
    }

    /** The API sends seconds as a string ("8"); tolerate "8.0", a number, and nothing at all. */
    private static int parseSeconds(String seconds) {
        if (seconds == null || seconds.isBlank()) {
            return 0;
        }
        try {
            return (int) Math.round(Double.parseDouble(seconds.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
