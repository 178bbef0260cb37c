package io.reelgate.provider.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.fal.FalConfig;

/**
 * What a simulated fal endpoint checks before it renders, as a runner does: the endpoint is a
 * catalog model's text endpoint or one of its mapped image, first-last-frame, reference and extend
 * endpoints; the prompt is there; the length has
 * the endpoint's own type ({@code "8s"}, {@code "5"}, {@code 8}) and is one the model renders; the
 * shape is one it offers; an image endpoint got a loadable first frame (first-last: both frames;
 * reference: 1 to its maximum images at its reference lengths; extend: a video this simulator
 * made, which the result continues); the prompt names no trigger
 * word ({@code content_policy_violation}). Failures are fal's 422 items.
 */
final class FalRunner {

    /** What to render. */
    record Job(String prompt, ModelCatalog.Dimensions dims, int seconds, byte[] image, byte[] lastFrame,
            List<byte[]> references) {
    }

    /** Which of a model's endpoints was called. */
    enum Kind {
        TEXT, IMAGE, FIRST_LAST, REFERENCE, EXTEND
    }

    /** A catalog model, its inputs, and which of its endpoints this is. */
    record Endpoint(ModelCatalog.Model model, FalConfig.EndpointInputs inputs, Kind kind) {
    }

    private final FalConfig config;
    private final ModelCatalog catalog;
    private final SimulatorConfig.Triggers triggers;
    private final Function<String, Optional<byte[]>> files;
    private final Function<String, OptionalInt> outputs;

    /**
     * @param files the bytes behind an image URL (an upload or a data URI)
     * @param outputs the length of a video this simulator made, by its CDN URL
     */
    FalRunner(FalConfig config, ModelCatalog catalog, SimulatorConfig.Triggers triggers,
            Function<String, Optional<byte[]>> files, Function<String, OptionalInt> outputs) {
        this.config = config;
        this.catalog = catalog;
        this.triggers = triggers;
        this.files = files;
        this.outputs = outputs;
    }

    Optional<Endpoint> model(String endpoint) {
        for (Map.Entry<String, FalConfig.EndpointInputs> e : config.models().entrySet()) {
            Optional<ModelCatalog.Model> model = catalog.model(e.getKey());
            if (model.isEmpty()) {
                continue;
            }
            FalConfig.EndpointInputs in = e.getValue();
            Map<Kind, Optional<String>> endpoints = Map.of(Kind.TEXT, Optional.of(e.getKey()), Kind.IMAGE,
                    in.imageEndpoint(), Kind.FIRST_LAST, in.firstLastEndpoint(), Kind.REFERENCE, in.referenceEndpoint(),
                    Kind.EXTEND, in.extendEndpoint());
            for (Map.Entry<Kind, Optional<String>> candidate : endpoints.entrySet()) {
                if (candidate.getValue().map(endpoint::equals).orElse(false)) {
                    return Optional.of(new Endpoint(model.get(), in, candidate.getKey()));
                }
            }
        }
        return Optional.empty();
    }

    Job check(String endpoint, JsonNode input) {
        Endpoint e = model(endpoint).orElseThrow(() -> FalFailure.of(404, "Application not found"));
        FalConfig.EndpointInputs in = e.inputs();
        String prompt = input.path(in.prompt()).asText("");
        if (prompt.isBlank()) {
            throw FalFailure.item(in.prompt(), "missing", "Field required");
        }
        int seconds = e.model().seconds().get(0);
        if (in.duration().isPresent() && input.has(in.duration().get())) {
            seconds = duration(input.get(in.duration().get()), in, e.model());
        }
        ModelCatalog.Dimensions dims = dimensions(input, in, e.model());
        byte[] image = switch (e.kind()) {
            case IMAGE -> image(input, in.firstFrame().orElse("image_url"), true);
            case FIRST_LAST -> image(input, in.firstLastFirstFrame(), true);
            default -> null;
        };
        byte[] lastFrame = in.lastFrame().filter(f -> e.kind() == Kind.IMAGE || e.kind() == Kind.FIRST_LAST)
                .map(f -> image(input, f, e.kind() == Kind.FIRST_LAST)).orElse(null);
        List<byte[]> references = new ArrayList<>();
        if (e.kind() == Kind.REFERENCE) {
            JsonNode urls = input.path(in.referenceImages());
            if (!urls.isArray() || urls.isEmpty() || urls.size() > in.maxReferences()) {
                throw FalFailure.item(in.referenceImages(), "list_type", "Input should be a list of 1 to "
                        + in.maxReferences() + " image URLs");
            }
            if (!in.referenceSeconds().orElse(List.of(seconds)).contains(seconds)) {
                throw FalFailure.item(in.duration().orElse("duration"), "literal_error", "Input should be "
                        + in.referenceSeconds().orElse(List.of()).stream().map(v -> "'" + v + "s'").toList());
            }
            for (JsonNode url : urls) {
                references.add(load(url.asText(""), in.referenceImages()));
            }
        }
        if (e.kind() == Kind.EXTEND) {
            String source = input.path(in.extendVideo()).asText("");
            OptionalInt length = outputs.apply(source);
            if (length.isEmpty()) {
                throw FalFailure.item(in.extendVideo(), "video_load_error", "Failed to load the video");
            }
            seconds = length.getAsInt() + in.extensionSeconds();
        }
        Optional<String> audio = in.audio().filter(a -> input.has(a) && !input.get(a).isBoolean());
        if (audio.isPresent()) {
            throw FalFailure.item(audio.get(), "bool_type", "Input should be a valid boolean");
        }
        if (SimulatorEngine.mentions(prompt, triggers.moderationWords())
                || SimulatorEngine.mentions(prompt, triggers.sentinelWords())) {
            throw FalFailure.item(in.prompt(), "content_policy_violation",
                    "The content could not be processed because it contained material flagged by a content checker.");
        }
        return new Job(prompt, dims, seconds, image, lastFrame, references);
    }

    /** The image at {@code field}; a missing one is refused where {@code required}, else null. */
    private byte[] image(JsonNode input, String field, boolean required) {
        if (!input.path(field).isTextual()) {
            if (required) {
                throw FalFailure.item(field, "missing", "Field required");
            }
            return null;
        }
        return load(input.get(field).asText(), field);
    }

    private byte[] load(String url, String field) {
        return files.apply(url).filter(b -> InputImage.probe(b).isPresent())
                .orElseThrow(() -> FalFailure.item(field, "image_load_error", "Failed to load the image"));
    }

    private static int duration(JsonNode value, FalConfig.EndpointInputs in, ModelCatalog.Model model) {
        String name = in.duration().orElseThrow();
        boolean rightType = switch (in.durationFormat()) {
            case INTEGER -> value.isInt();
            case STRING -> value.isTextual() && value.asText().matches("\\d+");
            case SECONDS_SUFFIX -> value.isTextual() && value.asText().matches("\\d+s");
        };
        int seconds = rightType ? Integer.parseInt(value.asText().replace("s", "")) : -1;
        if (!model.seconds().contains(seconds)) {
            List<String> allowed = model.seconds().stream().map(s -> switch (in.durationFormat()) {
                case INTEGER -> s.toString();
                case STRING -> "'" + s + "'";
                case SECONDS_SUFFIX -> "'" + s + "s'";
            }).toList();
            throw FalFailure.item(name, "literal_error", "Input should be " + String.join(", ", allowed));
        }
        return seconds;
    }

    private static ModelCatalog.Dimensions dimensions(JsonNode input, FalConfig.EndpointInputs in, ModelCatalog.Model model) {
        String aspect = in.aspectRatio().map(a -> input.path(a).asText(null)).orElse(null);
        String resolution = in.resolution().map(r -> input.path(r).asText(null)).orElse(null);
        List<ModelCatalog.Dimensions> fits = new ArrayList<>(model.dimensions());
        if (aspect != null) {
            fits.removeIf(d -> !d.aspectRatio().equals(aspect));
            if (fits.isEmpty()) {
                throw FalFailure.item(in.aspectRatio().get(), "literal_error", "Input should be one of "
                        + model.dimensions().stream().map(ModelCatalog.Dimensions::aspectRatio).distinct().toList());
            }
        }
        if (resolution != null) {
            List<ModelCatalog.Dimensions> byResolution = fits.stream()
                    .filter(d -> d.resolution().equalsIgnoreCase(resolution)).toList();
            if (byResolution.isEmpty()) {
                throw FalFailure.item(in.resolution().get(), "literal_error", "Input should be one of "
                        + model.dimensions().stream().map(ModelCatalog.Dimensions::resolution).distinct().toList());
            }
            fits = byResolution;
        }
        return fits.get(0);
    }
}
