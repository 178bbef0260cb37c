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

    /** The first frame's bytes (null without one); every frame must be a valid image as a base64 data URL. */
    static byte[] firstFrame(JsonNode frames) {
        if (frames.isMissingNode() || frames.isNull()) {
            return null;
        }
        if (!frames.isArray()) {
            throw OpenRouterFailure.invalid("frame_images must be an array");
        }
        byte[] first = null;
        for (JsonNode frame : frames) {
            String type = frame.path("frame_type").asText("");
            if (!type.equals("first_frame") && !type.equals("last_frame")) {
                throw OpenRouterFailure.invalid("frame_type must be first_frame or last_frame");
            }
            String url = frame.path("image_url").path("url").asText("");
            int comma = url.indexOf(',');
            if (!url.startsWith("data:") || comma < 0 || !url.substring(0, comma).toLowerCase(Locale.ROOT)
                    .endsWith(";base64")) {
                throw OpenRouterFailure.invalid("frame_images[].image_url.url must be a base64 data URL (simulator)");
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(url.substring(comma + 1));
            } catch (IllegalArgumentException e) {
                throw OpenRouterFailure.invalid("frame_images[].image_url.url is not valid base64");
            }
            if (InputImage.probe(bytes).isEmpty()) {
                throw OpenRouterFailure.invalid("frame_images[].image_url.url is not an image");
            }
            if (type.equals("first_frame")) {
                first = bytes;
            }
        }
        return first;
    }
}
