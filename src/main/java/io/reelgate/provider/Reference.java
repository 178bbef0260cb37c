package io.reelgate.provider;

import java.util.Locale;

/**
 * A reference image for a create: what every shot should keep, either the look of a character,
 * product or object ({@link Kind#ASSET}) or a visual style ({@link Kind#STYLE}). Which kinds and how
 * many a model takes is in {@link VideoProvider#creative(String)}.
 */
public record Reference(InputImage image, Kind kind) {

    public enum Kind {
        /** A subject to keep the same in every shot: a character, a product, an object. */
        ASSET,
        /** A look to copy: colours, texture, lighting. */
        STYLE;

        /** {@code asset}, {@code style}: for messages and configuration. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Reference {
        if (image == null || kind == null) {
            throw new IllegalArgumentException("A reference needs an image and a kind.");
        }
    }

    /** A subject to keep the same in every shot. */
    public static Reference asset(InputImage image) {
        return new Reference(image, Kind.ASSET);
    }

    /** A look to copy. */
    public static Reference style(InputImage image) {
        return new Reference(image, Kind.STYLE);
    }
}
