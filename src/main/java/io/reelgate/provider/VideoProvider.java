package io.reelgate.provider;

/**
 * The port to a video generation service. Every call returns a typed {@link ProviderResult}: the
 * expected failures of SPEC §2 (sentinel block, rate limit, invalid parameters, ...) are values the
 * pipeline acts on, not exceptions. Implementations: the OpenAI Videos API client
 * ({@code openai/}), which also drives the built-in simulator over HTTP.
 */
public interface VideoProvider {

    /** The configured name, e.g. {@code openai} or {@code simulator}. */
    String name();

    /** The models, sizes, durations and prices this provider offers. */
    ModelCatalog catalog();

    ProviderResult<VideoJob> create(CreateVideo request);

    ProviderResult<VideoJob> remix(String videoId, String prompt);

    ProviderResult<VideoJob> retrieve(String videoId);

    /** Opens one variant of a completed video as a stream; the caller closes it. */
    ProviderResult<VideoContent> download(String videoId, Variant variant);

    ProviderResult<VideoPage> list(ListQuery query);

    ProviderResult<Boolean> delete(String videoId);
}
