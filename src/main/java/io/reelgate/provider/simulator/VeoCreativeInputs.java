package io.reelgate.provider.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Veo's creative inputs as both simulated Google APIs read them (REFERENCE.md §1.1, §8):
 * {@code referenceImages} (up to three, Veo 3.1 but not Lite, alone: not with {@code image},
 * {@code lastFrame} or {@code video}, at 8 s; {@code STYLE} on Vertex only) and {@code lastFrame}
 * (with a first frame only), refused in each API's own error format.
 */
final class VeoCreativeInputs {

    static final int MAX_REFERENCES = 3;
    static final int REFERENCE_SECONDS = 8;

    /** The images read: the last frame (null when none) and the references' bytes. */
    record Read(byte[] lastFrame, List<byte[]> references) {
    }

    private VeoCreativeInputs() {
    }

    /** Whether {@code model} takes references and extends videos (Veo 3.1, not Lite). */
    static boolean creativeModel(String model) {
        return model.startsWith("veo-3.1") && !model.contains("lite");
    }

    /**
     * @param image reads one image field by the API's rules ({@code field}, node), null when absent
     * @param invalid the API's {@code INVALID_ARGUMENT} with a message
     * @param styles whether {@code STYLE} references are taken (Vertex)
     */
    static Read read(JsonNode instance, String model, int seconds, boolean firstFrame,
            BiFunction<String, JsonNode, byte[]> image, Function<String, RuntimeException> invalid, boolean styles) {
        byte[] lastFrame = image.apply("lastFrame", instance.get("lastFrame"));
        if (lastFrame != null && !firstFrame) {
            throw invalid.apply("lastFrame requires image: the last frame is only supported with a first frame.");
        }
        JsonNode refs = instance.get("referenceImages");
        List<byte[]> references = new ArrayList<>();
        if (refs == null || refs.isNull()) {
            return new Read(lastFrame, references);
        }
        if (!refs.isArray() || refs.isEmpty()) {
            throw invalid.apply("referenceImages must be a non-empty list.");
        }
        if (!creativeModel(model)) {
            throw invalid.apply("referenceImages is not supported by " + model + ".");
        }
        if (refs.size() > MAX_REFERENCES) {
            throw invalid.apply("At most " + MAX_REFERENCES + " reference images are supported; got " + refs.size() + ".");
        }
        if (firstFrame || lastFrame != null || instance.hasNonNull("video")) {
            throw invalid.apply("referenceImages cannot be combined with image, lastFrame or video.");
        }
        if (seconds != REFERENCE_SECONDS) {
            throw invalid.apply("referenceImages requires durationSeconds " + REFERENCE_SECONDS + "; got " + seconds + ".");
        }
        for (int i = 0; i < refs.size(); i++) {
            JsonNode ref = refs.get(i);
            String type = ref.path("referenceType").asText("");
            if (!type.equals("ASSET") && !(styles && type.equals("STYLE"))) {
                throw invalid.apply("referenceImages[" + i + "].referenceType " + (type.isEmpty() ? "is required" : type
                        + " is not supported") + "; supported: " + (styles ? "ASSET, STYLE." : "ASSET."));
            }
            byte[] bytes = image.apply("referenceImages[" + i + "].image", ref.get("image"));
            if (bytes == null) {
                throw invalid.apply("referenceImages[" + i + "].image is required.");
            }
            references.add(bytes);
        }
        return new Read(lastFrame, references);
    }
}
