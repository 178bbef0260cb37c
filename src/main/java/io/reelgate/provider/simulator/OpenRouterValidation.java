package io.reelgate.provider.simulator;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;

/** The simulated OpenRouter's checks of a create's shape and frames: a value outside the model's sets is a 400. */
final class OpenRouterValidation {

    static final int MAX_REFERENCES = 3;

    private OpenRouterValidation() {
    }

    /** The size the {@code resolution} and {@code aspect_ratio} pick (the model's first where one is missing). */
    static ModelCatalog.Dimensions dimensions(JsonNode body, ModelCatalog.Model model) {
        String resolution = body.path("resolution").asText(null);
        String aspect = body.path("aspect_ratio").asText(null);
        List<ModelCatalog.Dimensions> fits = new ArrayList<>(model.dimensions());
        if (resolution != null) {
            fits.removeIf(d -> !d.resolution().equalsIgnoreCase(resolution));
            if (fits.isEmpty()) {
                throw OpenRouterFailure.invalid("resolution " + resolution + " is not supported by " + model.name())
                        .meta("supported_resolutions", model.dimensions().stream()
                                .map(ModelCatalog.Dimensions::resolution).distinct().toList());
            }
        }
        if (aspect != null) {
            fits.removeIf(d -> !d.aspectRatio().equals(aspect));
            if (fits.isEmpty()) {
                throw OpenRouterFailure.invalid("aspect_ratio " + aspect + " is not supported by " + model.name())
                        .meta("supported_aspect_ratios", model.dimensions().stream()
                                .map(ModelCatalog.Dimensions::aspectRatio).distinct().toList());
            }
        }
        return fits.get(0);
    }

    /** The frames of a create: each null when absent. */
    record Frames(byte[] first, byte[] last) {
    }

    /** The frames' bytes; every frame must be a valid image as a base64 data URL, a last frame needs a first one. */
    static Frames frames(JsonNode frames) {
        if (frames.isMissingNode() || frames.isNull()) {
            return new Frames(null, null);
        }
        if (!frames.isArray()) {
            throw OpenRouterFailure.invalid("frame_images must be an array");
        }
        byte[] first = null;
        byte[] last = null;
        for (JsonNode frame : frames) {
            String type = frame.path("frame_type").asText("");
            if (!type.equals("first_frame") && !type.equals("last_frame")) {
                throw OpenRouterFailure.invalid("frame_type must be first_frame or last_frame");
            }
            byte[] bytes = image(frame, "frame_images[]");
            if (type.equals("first_frame")) {
                first = bytes;
            } else {
                last = bytes;
            }
        }
        if (last != null && first == null) {
            throw OpenRouterFailure.invalid("frame_images: last_frame requires a first_frame");
        }
        return new Frames(first, last);
    }

    /**
     * {@code input_references[]}: up to {@value #MAX_REFERENCES} images, for Veo 3.1 (not Lite)
     * alone and at 8 s, as Google takes them; other models refuse them.
     */
    static List<byte[]> references(JsonNode refs, String model, boolean frames, int seconds) {
        if (refs.isMissingNode() || refs.isNull()) {
            return List.of();
        }
        if (!refs.isArray() || refs.isEmpty()) {
            throw OpenRouterFailure.invalid("input_references must be a non-empty array");
        }
        if (!model.startsWith("google/veo-3.1") || model.contains("lite")) {
            throw OpenRouterFailure.invalid("input_references is not supported by " + model);
        }
        if (refs.size() > MAX_REFERENCES) {
            throw OpenRouterFailure.invalid("input_references: at most " + MAX_REFERENCES + " images are supported by "
                    + model);
        }
        if (frames) {
            throw OpenRouterFailure.invalid("input_references cannot be combined with frame_images for " + model);
        }
        if (seconds != 8) {
            throw OpenRouterFailure.invalid("input_references requires a duration of 8 for " + model);
        }
        List<byte[]> images = new ArrayList<>();
        for (JsonNode ref : refs) {
            if (!ref.path("type").asText("").equals("image_url")) {
                throw OpenRouterFailure.invalid("input_references[].type must be image_url");
            }
            images.add(image(ref, "input_references[]"));
        }
        return images;
    }

    private static byte[] image(JsonNode item, String field) {
        String url = item.path("image_url").path("url").asText("");
        int comma = url.indexOf(',');
        if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).toLowerCase(Locale.ROOT)
                .endsWith(";base64")) {
            throw OpenRouterFailure.invalid(field + ".image_url.url must be a base64 data URL (simulator)");
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(url.substring(comma + 1));
        } catch (IllegalArgumentException e) {
            throw OpenRouterFailure.invalid(field + ".image_url.url is not valid base64");
        }
        if (InputImage.probe(bytes).isEmpty()) {
            throw OpenRouterFailure.invalid(field + ".image_url.url is not an image");
        }
        return bytes;
    }
}
