package io.reelgate.provider.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** {@code {"id","object":"video.deleted","deleted":true}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ApiDeleted(String id, String object, boolean deleted) {
}
