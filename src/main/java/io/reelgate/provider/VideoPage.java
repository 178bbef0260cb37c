package io.reelgate.provider;

import java.util.List;

/** One page of {@code GET /videos}; continue with {@code after = lastId} while {@code hasMore}. */
public record VideoPage(List<RemoteVideo> data, String firstId, String lastId, boolean hasMore) {
}
