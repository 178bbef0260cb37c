package io.reelgate.provider;

/**
 * Where a finished video can be downloaded: the provider's id, and the result URL its status
 * reported for providers that deliver by URL (null for download endpoints).
 */
public record ResultRef(String videoId, String url) {
}
