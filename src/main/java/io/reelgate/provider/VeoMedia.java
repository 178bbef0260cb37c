package io.reelgate.provider;

import java.util.List;
import java.util.Map;

/**
 * The media of a Veo {@code predictLongRunning} instance, the same on the Gemini API and Vertex AI
 * (REFERENCE.md §1.1, §8): images inline as {@code {bytesBase64Encoded, mimeType}}, the first frame
 * as {@code image}, the last as {@code lastFrame}, references as
 * {@code referenceImages[{image, referenceType: ASSET|STYLE}]}.
 */
public final class VeoMedia {

    private VeoMedia() {
    }

    public static Map<String, Object> inline(InputImage image) {
        return Map.of("bytesBase64Encoded", image.base64(), "mimeType", image.contentType());
    }

    /** Puts the request's first frame, last frame and reference images into {@code instance}. */
    public static void frames(Map<String, Object> instance, CreateVideo request) {
        request.inputReference().ifPresent(image -> instance.put("image", inline(image)));
        request.lastFrame().ifPresent(image -> instance.put("lastFrame", inline(image)));
        if (!request.references().isEmpty()) {
            List<Map<String, Object>> references = request.references().stream()
                    .map(r -> Map.<String, Object>of("image", inline(r.image()), "referenceType", r.kind().name())).toList();
            instance.put("referenceImages", references);
        }
    }
}
