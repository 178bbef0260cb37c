package io.reelgate.media;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Reelgate-made media: posters, spritesheets and video facts derived from stored videos. */
@ConfigMapping(prefix = "reelgate.media")
public interface MediaConfig {

    /** Derivations (decoding a stored video) one instance runs at the same time; others wait their turn. */
    @WithDefault("2")
    int concurrentDerivations();

    /** FFmpeg decoding threads per derivation. */
    @WithDefault("2")
    int decoderThreads();

    /** Longest side of a derived poster, in pixels (smaller videos keep their own size). */
    @WithDefault("1280")
    int posterMaxDimension();

    /** Frames in a derived spritesheet, in one row (the gallery's scrub preview). */
    @WithDefault("10")
    int spriteFrames();

    /** Longest side of one spritesheet tile, in pixels. */
    @WithDefault("160")
    int spriteTile();

    /** JPEG quality of derived images, 0–1. */
    @WithDefault("0.85")
    float jpegQuality();

    /** Where videos being derived are kept while they are decoded; default: the system's temporary directory. */
    Optional<String> tempDir();
}
