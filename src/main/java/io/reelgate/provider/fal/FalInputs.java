package io.reelgate.provider.fal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Reference;
import io.reelgate.provider.VideoExtender;

/**
 * A create request as one fal endpoint's input ({@link FalConfig.EndpointInputs}): which endpoint
 * (image-to-video with a first frame, first-last-frame with both frames, reference-to-video with
 * references, extend-video for an extension), and the input body with the length in the
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
        ProviderResult<String> framed = frames(request, in, input);
        if (!framed.isOk()) {
            return ProviderResult.failed(framed.error());
        }
        endpoint = framed.value() == null ? endpoint : framed.value();
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

    /**
     * The request's images into {@code input}: references on the reference endpoint, a first and a
     * last frame on the first-last endpoint where there is one, else a first frame (and the image
     * endpoint's last frame) on the image endpoint; the endpoint chosen, or null for the text one.
     */
    private ProviderResult<String> frames(CreateVideo request, FalConfig.EndpointInputs in, Map<String, Object> input) {
        String endpoint = null;
        if (!request.references().isEmpty()) {
            if (in.referenceEndpoint().isEmpty()) {
                return ProviderResult.failed(ProviderError.unsupported(provider, "keep reference images in "
                        + request.model()));
            }
            List<String> urls = new ArrayList<>();
            for (Reference reference : request.references()) {
                ProviderResult<String> url = image(reference.image(), in);
                if (!url.isOk()) {
                    return url;
                }
                urls.add(url.value());
            }
            input.put(in.referenceImages(), urls);
            endpoint = in.referenceEndpoint().get();
        }
        boolean firstLast = request.lastFrame().isPresent() && in.firstLastEndpoint().isPresent();
        if (request.inputReference().isPresent()) {
            Optional<String> at = firstLast ? in.firstLastEndpoint() : in.imageEndpoint();
            if (at.isEmpty() || (!firstLast && in.firstFrame().isEmpty())) {
                return ProviderResult.failed(ProviderError.unsupported(provider, "start " + request.model() + " from an image"));
            }
            ProviderResult<String> image = image(request.inputReference().get(), in);
            if (!image.isOk()) {
                return image;
            }
            input.put(firstLast ? in.firstLastFirstFrame() : in.firstFrame().get(), image.value());
            endpoint = at.get();
        }
        if (request.lastFrame().isPresent()) {
            if (in.lastFrame().isEmpty()) {
                return ProviderResult.failed(ProviderError.unsupported(provider, "end " + request.model() + " on an image"));
            }
            ProviderResult<String> image = image(request.lastFrame().get(), in);
            if (!image.isOk()) {
                return image;
            }
            input.put(in.lastFrame().get(), image.value());
        }
        return ProviderResult.ok(endpoint);
    }

    /** An extension: the model's extend endpoint with the prompt and the source video's URL. */
    ProviderResult<Submission> extension(VideoExtender.ExtendVideo request) {
        FalConfig.EndpointInputs in = config.models().get(request.model());
        if (in == null || in.extendEndpoint().isEmpty()) {
            return ProviderResult.failed(ProviderError.unsupported(provider, "extend " + request.model() + " videos"));
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put(in.prompt(), request.prompt());
        input.put(in.extendVideo(), request.sourceUrl());
        return ProviderResult.ok(new Submission(in.extendEndpoint().get(), input));
    }

    private ProviderResult<String> image(InputImage image, FalConfig.EndpointInputs in) {
        return switch (in.imageTransport()) {
            case DATA_URI -> ProviderResult.ok(image.dataUri());
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
