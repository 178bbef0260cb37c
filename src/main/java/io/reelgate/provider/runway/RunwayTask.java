package io.reelgate.provider.runway;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A Runway task as {@code GET /v1/tasks/{id}} answers it (REFERENCE.md §4): {@code status} is
 * {@code PENDING}, {@code THROTTLED}, {@code RUNNING} (with {@code progress} 0–1),
 * {@code SUCCEEDED} (with {@code output}, pre-signed URLs that expire), {@code FAILED} (with
 * {@code failure} and maybe {@code failureCode}) or {@code CANCELLED}. Unknown fields are ignored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record RunwayTask(String id, String status, String createdAt, Double progress, List<String> output, String failure,
        String failureCode) {

    /** The first output URL, or null. */
    String firstOutput() {
        return output == null ? null : output.stream().filter(u -> u != null && !u.isBlank()).findFirst().orElse(null);
    }
}
