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
