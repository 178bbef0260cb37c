package io.reelgate.videos;

import io.reelgate.budget.Money;

/**
 * Plain-language explanations of failed and canceled jobs (SPEC §2's error table): what happened,
 * whether it cost anything, and what to do next.
 */
public final class Failures {

    /** A headline and what to do. */
    public record Explanation(String title, String detail, String action) {
    }

    private Failures() {
    }

    public static Explanation explain(String code, String providerMessage, Money charged, boolean canceled) {
        return explain(code, providerMessage, charged, canceled, "The provider");
    }

    /** As above, naming the provider ({@code provider} is its label, e.g. "Google Veo"). */
    public static Explanation explain(String code, String providerMessage, Money charged, boolean canceled,
            String provider) {
        String cost = charged == null || charged.isZero() ? "Nothing was charged."
                : "It was charged " + charged.display() + ", as your team's policy says.";
        if (canceled) {
            return new Explanation("Canceled", cost, "Start it again from the composer when you are ready.");
        }
        String said = providerMessage == null || providerMessage.isBlank() ? "" : " " + provider + " said: \""
                + providerMessage + "\"";
        return switch (code == null ? "" : code) {
            case "sentinel_block" -> new Explanation("Blocked before generation",
                    "The provider's safety check rejected the prompt before it started." + said + " " + cost,
                    "Rephrase the part the provider names: describe the idea without brands, real people or "
                            + "copyrighted characters.");
            case "moderation_blocked" -> new Explanation("Stopped by content moderation",
                    provider + " flagged the video while it was being generated." + said + " "
                            + (charged == null || charged.isZero() ? cost : "It was charged " + charged.display()
                                    + ": " + provider + " bills videos its filter removes, and your team's policy passes "
                                    + "that on."),
                    "Change the scene so it is clearly safe (less violence, no real people), then try again.");
            case "content_expired" -> new Explanation("The video expired before it could be saved",
                    "The provider only keeps finished videos for about an hour, and Reelgate could not copy it in time. " + cost,
                    "Generate it again. If this keeps happening, tell an operator: storage may be slow or down.");
            case "remix_source_gone" -> new Explanation("The original is gone at the provider",
                    "A remix needs the original video at the provider, and it is no longer there. " + cost,
                    "Start a new video with the same prompt instead.");
            case "invalid_value", "invalid_image_size", "invalid_image_format", "missing_required_parameter",
                    "string_above_max_length", "invalid_request" ->
                new Explanation("The provider refused the request", said.isBlank() ? cost : said.trim() + " " + cost,
                        "Check the parameters and the input image, then try again.");
            case "provider_unavailable", "provider_unreachable", "http_500", "http_502", "http_503", "ingest_failed" ->
                new Explanation("The provider could not be reached",
                        "Reelgate tried several times over a few minutes." + said + " " + cost,
                        "Try again later; the operator can see the provider's health.");
            case "rate_limit_exceeded" -> new Explanation("The provider was too busy",
                    "It kept answering 'too many requests' and Reelgate gave up after several tries. " + cost,
                    "Try again in a few minutes.");
            case "provider_lost_video" -> new Explanation("The provider lost the video",
                    "It no longer knows the job it accepted. " + cost, "Generate it again.");
            case "model_retired" -> new Explanation("The model is no longer available",
                    provider + " has retired this model." + said + " " + cost,
                    "Choose another model; an operator should update the catalog.");
            case "unknown_outcome" -> new Explanation("The request's answer was lost",
                    provider + " may have accepted it, but the answer never arrived and " + provider
                            + " cannot list its jobs, so Reelgate did not send it again (that could pay twice). " + cost,
                    "Generate it again; if the provider's console shows the video, an operator can tell you.");
            case "remix_unsupported", "unsupported" -> new Explanation(provider + " cannot do this",
                    said.isBlank() ? cost : said.trim() + " " + cost, "Start a new video instead.");
            case "content_unavailable", "no_output", "no_video", "invalid_content" -> new Explanation(
                    "The provider finished but delivered no video",
                    "Reelgate asked for the finished video several times and got none." + said + " " + cost,
                    "Generate it again; if it keeps happening, tell an operator.");
            case "prediction_failed", "generation_failed", "internal", "operation_error" -> new Explanation("The provider could not make the video",
                    (said.isBlank() ? provider + " reported a failure." : said.trim()) + " " + cost,
                    "Try again; if it fails the same way, change the prompt or the model.");
            case "resource_exhausted" -> new Explanation("The provider was too busy",
                    "It kept answering that the quota was exhausted and Reelgate gave up after several tries. " + cost,
                    "Try again in a few minutes.");
            case "credentials_invalid", "permission_denied", "model_not_found" -> new Explanation(
                    provider + " is not set up correctly",
                    (said.isBlank() ? provider + " refused Reelgate's credentials." : said.trim()) + " " + cost,
                    "Tell an operator: the operator console (/ops) says what to fix. Meanwhile, choose another provider.");
            case "insufficient_quota", "insufficient_credits" -> new Explanation("The organisation's provider account is out of quota",
                    said.trim() + " " + cost, "Tell an operator: the provider account needs credit.");
            default -> new Explanation("The video could not be generated", (said.isBlank() ? "Reason: " + code + "." : said.trim())
                    + " " + cost, "Try again; if it fails the same way, tell an operator.");
        };
    }
}
