package io.reelgate.media;

/**
 * What a stored video file is, read from the file itself: its length, picture size, video codec,
 * whether it has sound, and how many frames were decoded (0 when only the header was read).
 */
public record VideoFacts(long durationMillis, int width, int height, String codec, boolean hasAudio, int frames) {

    /** The duration in whole seconds, rounded to the nearest (a 7.96 s file is 8 s), at least 1. */
    public int roundedSeconds() {
        return (int) Math.max(1, Math.round(durationMillis / 1000.0));
    }

    public String size() {
        return width + "x" + height;
    }
}
