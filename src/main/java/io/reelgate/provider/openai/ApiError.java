package io.reelgate.provider.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** OpenAI's error body: {@code {"error":{"message","type","param","code"}}}. */
@JsonIgnoreProperties(ignoreUnknown = true)
record ApiError(Detail error) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Detail(String message, String type, String param, String code) {
    }
}
