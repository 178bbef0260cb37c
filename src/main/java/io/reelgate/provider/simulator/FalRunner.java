package io.reelgate.provider.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.fal.FalConfig;

/**
 * What a simulated fal endpoint checks before it renders, as a runner does: the endpoint is a
 * catalog model's text endpoint or its mapped image endpoint; the prompt is there; the length has
 * the endpoint's own type ({@code "8s"}, {@code "5"}, {@code 8}) and is one the model renders; the
 * shape is one it offers; an image endpoint got a loadable first frame; the prompt names no trigger
 * word ({@code content_policy_violation}). Failures are fal's 422 items.
 */
final class FalRunner {

    /** What to render. */
    record Job(String prompt, ModelCatalog.Dimensions dims, int seconds, byte[] image) {
    }

    /** A catalog model, its inputs, and whether the endpoint is its image-to-video one. */
    record Endpoint(ModelCatalog.Model model, FalConfig.EndpointInputs inputs, boolean image) {
    }

    private final FalConfig config;
    private final ModelCatalog catalog;
    private final SimulatorConfig.Triggers triggers;
    private final Function<String, Optional<byte[]>> files;

    FalRunner(FalConfig config, ModelCatalog catalog, SimulatorConfig.Triggers triggers,
            Function<String, Optional<byte[]>> files) {
        this.config = config;
        this.catalog = catalog;
        this.triggers = triggers;
        this.files = files;
    }

    Optional<Endpoint> model(String endpoint) {
        for (Map.Entry<String, FalConfig.EndpointInputs> e : config.models().entrySet()) {
            Optional<ModelCatalog.Model> model = catalog.model(e.getKey());
            if (model.isEmpty()) {
                continue;
            }
            if (e.getKey().equals(endpoint)) {
                return Optional.of(new Endpoint(model.get(), e.getValue(), false));
            }
            if (e.getValue().imageEndpoint().map(endpoint::equals).orElse(false)) {
                return Optional.of(new Endpoint(model.get(), e.getValue(), true));
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
        byte[] image = null;
        if (e.image()) {
            String field = in.firstFrame().orElse("image_url");
            if (!input.path(field).isTextual()) {
                throw FalFailure.item(field, "missing", "Field required");
            }
            image = files.apply(input.get(field).asText()).filter(b -> InputImage.probe(b).isPresent())
                    .orElseThrow(() -> FalFailure.item(field, "image_load_error", "Failed to load the image"));
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
        return new Job(prompt, dims, seconds, image);
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
