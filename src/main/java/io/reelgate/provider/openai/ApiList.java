package io.reelgate.provider.openai;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A page of {@code GET /videos}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ApiList(String object, List<ApiVideo> data, @JsonProperty("first_id") String firstId,
        @JsonProperty("last_id") String lastId, @JsonProperty("has_more") boolean hasMore) {
}
