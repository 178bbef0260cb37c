package io.reelgate.provider.openrouter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.Creative;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.Reference;
import io.reelgate.provider.VideoExtender;

/**
 * Creative control at OpenRouter (REFERENCE.md §9): frames as {@code frame_images[]} with
 * {@code frame_type} {@code first_frame}/{@code last_frame}, references as
 * {@code input_references[]} ({@code image_url}), extension as a new job with
 * {@code previous_job_id} (a completed job of the same model). What each model allows is not
 * published per model beyond {@code supported_frame_images} (UNCONFIRMED), so the declaration
 * follows the upstream model and stays overridable ({@code creative."<model>".*}).
 */
final class OpenRouterCreative {

    private OpenRouterCreative() {
    }

    /**
     * Veo 3.1 (not Lite): up to three asset references, alone, at 8 s (Veo's rules); a last frame
     * after a first one; extension by one of the model's lengths. Other models: a last frame after a
     * first one, nothing else until configured.
     */
    static Creative declared(ModelCatalog.Model model) {
        boolean veo = model.name().startsWith("google/veo-3.1") && !model.name().contains("lite");
        if (!veo) {
            return new Creative(Creative.References.NONE, Creative.LastFrame.WITH_FIRST_FRAME, Creative.Extension.NONE);
        }
        int min = model.seconds().stream().mapToInt(Integer::intValue).min().orElse(0);
        int max = model.seconds().stream().mapToInt(Integer::intValue).max().orElse(0);
        return new Creative(Creative.References.upTo(3, Reference.Kind.ASSET).onlyAt(List.of(), List.of(8)),
                Creative.LastFrame.WITH_FIRST_FRAME, Creative.Extension.adding(min, max, 0));
    }

    /** Puts the request's frames and references into the create body. */
    static void media(Map<String, Object> body, CreateVideo request) {
        List<Map<String, Object>> frames = new ArrayList<>();
        request.inputReference().ifPresent(image -> frames.add(frame(image, "first_frame")));
        request.lastFrame().ifPresent(image -> frames.add(frame(image, "last_frame")));
        if (!frames.isEmpty()) {
            body.put("frame_images", frames);
        }
        if (!request.references().isEmpty()) {
            body.put("input_references", request.references().stream().map(r -> imageUrl(r.image())).toList());
        }
    }

    /** An extension at OpenRouter names the job it continues ({@code previous_job_id}); refused without one. */
    static Optional<ProviderError> missingSource(VideoExtender.ExtendVideo request) {
        if (request.sourceId() == null || request.sourceId().isBlank()) {
            return Optional.of(new ProviderError(ProviderError.Kind.INVALID_REQUEST, "invalid_request", "An extension at "
                    + "OpenRouter continues one of its own completed jobs: the source job id is missing.", "video", null, 0));
        }
        return Optional.empty();
    }

    static Map<String, Object> extensionBody(VideoExtender.ExtendVideo request) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", request.model());
        body.put("prompt", request.prompt());
        body.put("duration", request.seconds());
        body.put("previous_job_id", request.sourceId());
        return body;
    }

    private static Map<String, Object> frame(InputImage image, String type) {
        Map<String, Object> frame = new LinkedHashMap<>(imageUrl(image));
        frame.put("frame_type", type);
        return frame;
    }

    private static Map<String, Object> imageUrl(InputImage image) {
        return Map.of("type", "image_url", "image_url", Map.of("url", image.dataUri()));
    }
}
