package io.reelgate.provider;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What every adapter holds the same way: its configured name and settings, its catalog, and its
 * capabilities (the adapter's declaration with the configured overrides applied), and the answer to
 * a call the provider cannot make at all (remix, list, cancel, delete: {@link ProviderError#unsupported}).
 */
public abstract class AdapterBase implements VideoProvider {

    protected final String name;
    protected final ProvidersConfig.Provider settings;
    /** Replaced while running when an operator applies a catalog update ({@link CatalogUpdates}). */
    protected volatile ModelCatalog catalog;
    protected final Capabilities capabilities;

    protected AdapterBase(String name, ProvidersConfig.Provider settings, ModelCatalog catalog, Capabilities declared) {
        this.name = name;
        this.settings = settings;
        this.catalog = catalog;
        this.capabilities = declared.with(settings.capabilities());
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final ModelCatalog catalog() {
        return catalog;
    }

    /** Uses {@code replacement} for every request from now on (requests already admitted keep their price). */
    final void use(ModelCatalog replacement) {
        this.catalog = replacement;
    }

    @Override
    public final Capabilities capabilities() {
        return capabilities;
    }

    /** The adapter's declaration for {@code model} with the configured overrides ({@code creative."<model>".*}). */
    @Override
    public final Creative creative(String model) {
        ProvidersConfig.CreativeOverrides overrides = model == null ? null : settings.creative().get(model);
        Creative declared = declaredCreative(model);
        return overrides == null ? declared : declared.with(overrides);
    }

    /** What the provider can do for {@code model} by REFERENCE.md; none unless the adapter says. */
    protected Creative declaredCreative(String model) {
        return Creative.NONE;
    }

    /**
     * What the provider would refuse of the request's references and last frame
     * ({@link Creative#refusal}), and references in a format it does not take. Adapters with rules
     * of their own add them after this.
     */
    @Override
    public java.util.Optional<ProviderError> refusal(CreateVideo request) {
        java.util.Optional<ModelCatalog.Model> model = catalog.model(request.model());
        String label = model.map(ModelCatalog.Model::label).orElse(request.model());
        String ratio = model.flatMap(m -> m.dimensions(request.size())).map(ModelCatalog.Dimensions::aspectRatio)
                .orElse(null);
        java.util.Optional<ProviderError> refused = creative(request.model()).refusal(request, label, ratio);
        if (refused.isPresent() || !capabilities.imageInput().supported()) {
            return refused;
        }
        for (int i = 0; i < request.references().size(); i++) {
            InputImage image = request.references().get(i).image();
            if (!capabilities.imageInput().accepts(image.contentType())) {
                return Creative.refuse("references", "Reference image " + (i + 1) + " is " + image.format().extension()
                        .toUpperCase(java.util.Locale.ROOT) + "; " + label + " takes " + capabilities.imageInput().formats()
                        + " images.");
            }
        }
        return java.util.Optional.empty();
    }

    /** What the provider would refuse of an extension by its model's declared limits, said for people. */
    protected java.util.Optional<ProviderError> extensionRefusal(VideoExtender.ExtendVideo request) {
        String label = catalog.model(request.model()).map(ModelCatalog.Model::label).orElse(request.model());
        return creative(request.model()).extension().refusal(request, label);
    }

    /** The request's own refusal, if any, as a failed result (for adapters whose create does not use {@link #modelFor}). */
    protected <T> java.util.Optional<ProviderResult<T>> refused(CreateVideo request) {
        return refusal(request).map(e -> ProviderResult.<T>failed(e));
    }

    /**
     * The catalog's model for a create, after the adapter's own rules ({@link #refusal}): a refusal,
     * or a model the catalog does not offer, is the failed result.
     */
    protected ProviderResult<ModelCatalog.Model> modelFor(CreateVideo request) {
        java.util.Optional<ProviderError> refused = refusal(request);
        if (refused.isPresent()) {
            return ProviderResult.failed(refused.get());
        }
        return catalog.model(request.model()).map(ProviderResult::ok).orElseGet(() -> ProviderResult.failed(
                new ProviderError(ProviderError.Kind.INVALID_REQUEST, "unknown_model", request.model()
                        + " is not in the catalog " + catalog.name() + ".", "model", null, 0)));
    }

    // What most providers cannot do; an adapter whose provider can overrides these.

    @Override
    public ProviderResult<RemoteVideo> remix(String videoId, String prompt) {
        return ProviderResult.failed(ProviderError.unsupported(name, "remix videos"));
    }

    @Override
    public ProviderResult<VideoPage> list(ListQuery query) {
        return ProviderResult.failed(ProviderError.unsupported(name, "list its jobs"));
    }

    @Override
    public ProviderResult<Boolean> cancel(String videoId) {
        return ProviderResult.failed(ProviderError.unsupported(name, "cancel a running video"));
    }

    @Override
    public ProviderResult<Boolean> delete(String videoId) {
        return ProviderResult.failed(ProviderError.unsupported(name, "delete generated videos"));
    }

    /** A value for a URL path segment or query parameter. */
    protected static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A request body as JSON (maps and lists of plain values cannot fail to serialise). */
    protected static String toJson(ObjectMapper json, Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
