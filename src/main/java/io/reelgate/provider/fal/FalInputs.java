package io.reelgate.provider.fal;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderResult;

/**
 * A create request as one fal endpoint's input ({@link FalConfig.EndpointInputs}): which endpoint
 * (the image-to-video one when there is a first frame), and the input body with the length in the
 * endpoint's format ({@code "8s"}, {@code "5"} or {@code 8}), the shape, the frames (inline or
 * uploaded), the negative prompt, sound and seed.
 */
final class FalInputs {

    /** The endpoint to submit to and its input. */
    record Submission(String endpoint, Map<String, Object> input) {
    }

    private final String provider;
    private final FalConfig config;
    private final ModelCatalog catalog;
    private final Function<InputImage, ProviderResult<String>> upload;

    FalInputs(String provider, FalConfig config, ModelCatalog catalog, Function<InputImage, ProviderResult<String>> upload) {
        this.provider = provider;
        this.config = config;
        this.catalog = catalog;
        this.upload = upload;
    }

    ProviderResult<Submission> map(CreateVideo request) {
        FalConfig.EndpointInputs in = config.models().get(request.model());
        Optional<ModelCatalog.Model> model = catalog.model(request.model());
        if (in == null || model.isEmpty()) {
            return invalid("unknown_model", "No input mapping for " + request.model() + " (reelgate.fal.models.\""
                    + request.model() + "\".*).", "model");
        }
        String endpoint = request.model();
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(in.prompt(), request.prompt());
        in.duration().ifPresent(d -> input.put(d, duration(request.seconds(), in.durationFormat())));
        model.get().dimensions(request.size()).ifPresent(dims -> {
            in.aspectRatio().ifPresent(a -> input.put(a, dims.aspectRatio()));
            in.resolution().ifPresent(r -> input.put(r, dims.resolution()));
        });
        if (request.inputReference().isPresent()) {
            if (in.imageEndpoint().isEmpty() || in.firstFrame().isEmpty()) {
                return ProviderResult.failed(ProviderError.unsupported(provider, "start " + request.model() + " from an image"));
            }
            endpoint = in.imageEndpoint().get();
            ProviderResult<String> image = image(request.inputReference().get(), in);
            if (!image.isOk()) {
                return ProviderResult.failed(image.error());
            }
            input.put(in.firstFrame().get(), image.value());
        }
        if (request.lastFrame().isPresent()) {
            if (in.lastFrame().isEmpty()) {
                return ProviderResult.failed(ProviderError.unsupported(provider, "end " + request.model() + " on an image"));
            }
            ProviderResult<String> image = image(request.lastFrame().get(), in);
            if (!image.isOk()) {
                return ProviderResult.failed(image.error());
            }
            input.put(in.lastFrame().get(), image.value());
        }
        if (model.get().audioChoice()) {
            in.audio().ifPresent(a -> input.put(a, request.audio()));
        }
        if (request.negativePrompt() != null) {
            in.negativePrompt().ifPresent(n -> input.put(n, request.negativePrompt()));
        }
        if (request.seed() != null) {
            in.seed().ifPresent(s -> input.put(s, request.seed()));
        }
        in.fixed().forEach((k, v) -> input.put(k, literal(v)));
        if (!FalJobId.safeEndpoint(endpoint)) {
            return invalid("bad_endpoint", "The endpoint " + endpoint + " is not a fal endpoint id.", "model");
        }
        return ProviderResult.ok(new Submission(endpoint, input));
    }

    private ProviderResult<String> image(InputImage image, FalConfig.EndpointInputs in) {
        return switch (in.imageTransport()) {
            case DATA_URI -> ProviderResult.ok("data:" + image.contentType() + ";base64,"
                    + Base64.getEncoder().encodeToString(image.bytes()));
            case UPLOAD -> upload.apply(image);
        };
    }

    static Object duration(int seconds, FalConfig.DurationFormat format) {
        return switch (format) {
            case INTEGER -> seconds;
            case STRING -> Integer.toString(seconds);
            case SECONDS_SUFFIX -> seconds + "s";
        };
    }

    /** A fixed input as JSON: {@code true}/{@code false} and numbers as such, everything else as text. */
    static Object literal(String value) {
        String v = value.trim();
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        try {
            return v.contains(".") ? (Object) Double.parseDouble(v) : (Object) Long.parseLong(v);
        } catch (NumberFormatException e) {
            return value;
        }
    }

    private static <T> ProviderResult<T> invalid(String code, String message, String param) {
        return ProviderResult.failed(new ProviderError(Kind.INVALID_REQUEST, code, message, param, null, 0));
    }
}
