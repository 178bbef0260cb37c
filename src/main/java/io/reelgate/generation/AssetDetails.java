package io.reelgate.generation;

import io.reelgate.media.VideoFacts;

/**
 * Where a stored asset came from and what it is: copied from the provider or derived by
 * Reelgate, with a video's facts or an image's pixel size (null where unknown).
 */
public record AssetDetails(String origin, Long durationMs, Integer width, Integer height, String codec,
        Boolean hasAudio) {

    public static final String PROVIDER = "PROVIDER";
    public static final String DERIVED = "DERIVED";

    /** Copied from the provider; nothing read from it. */
    static AssetDetails fromProvider() {
        return new AssetDetails(PROVIDER, null, null, null, null, null);
    }

    /** The provider's video with the facts read from the file (none when it could not be read). */
    static AssetDetails video(VideoFacts facts) {
        return facts == null ? fromProvider()
                : new AssetDetails(PROVIDER, facts.durationMillis(), facts.width(), facts.height(), facts.codec(),
                        facts.hasAudio());
    }

    /** An image Reelgate made, with its pixel size. */
    public static AssetDetails derivedImage(int width, int height) {
        return new AssetDetails(DERIVED, null, width, height, null, null);
    }

    /** A video Reelgate made (a stitched storyboard), with its facts. */
    public static AssetDetails derivedVideo(VideoFacts facts) {
        return new AssetDetails(DERIVED, facts.durationMillis(), facts.width(), facts.height(), facts.codec(),
                facts.hasAudio());
    }
}
