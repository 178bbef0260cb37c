package io.reelgate.provider;

/** The downloadable parts of a completed video ({@code GET /videos/{id}/content?variant=}). */
public enum Variant {
    VIDEO("video", "mp4", "video/mp4"),
    THUMBNAIL("thumbnail", "jpg", "image/jpeg"),
    SPRITESHEET("spritesheet", "jpg", "image/jpeg");

    private final String apiName;
    private final String extension;
    private final String defaultContentType;

    Variant(String apiName, String extension, String defaultContentType) {
        this.apiName = apiName;
        this.extension = extension;
        this.defaultContentType = defaultContentType;
    }

    public String apiName() {
        return apiName;
    }

    /** File extension used for storage keys; a provider's WebP thumbnail is stored as what it is. */
    public String extension() {
        return extension;
    }

    public String defaultContentType() {
        return defaultContentType;
    }

    public static Variant fromApiName(String name) {
        for (Variant v : values()) {
            if (v.apiName.equals(name)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Unknown variant " + name);
    }
}
