package io.reelgate.gallery;

import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.generation.VideoAsset;
import io.reelgate.storage.ObjectStore;

/**
 * Pixel size of stored posters, for {@code og:image:width}/{@code height}: read from the image
 * header (the first bytes of the object, never the whole image) and remembered.
 */
@ApplicationScoped
public class PosterSizes {

    /** Width and height in pixels. */
    public record Size(int width, int height) {
    }

    private static final int CACHED = 2_000;

    private final ObjectStore store;
    private final Map<String, Size> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Size> eldest) {
            return size() > CACHED;
        }
    };

    PosterSizes(ObjectStore store) {
        this.store = store;
    }

    /** The size, or null when the image cannot be read. */
    public Size of(VideoAsset poster) {
        synchronized (cache) {
            Size known = cache.get(poster.objectKey);
            if (known != null) {
                return known;
            }
        }
        Size size = read(poster);
        if (size != null) {
            synchronized (cache) {
                cache.put(poster.objectKey, size);
            }
        }
        return size;
    }

    private Size read(VideoAsset poster) {
        try (InputStream in = store.open(poster.objectKey, 0, Math.min(poster.sizeBytes, 256 * 1024L));
                ImageInputStream image = ImageIO.createImageInputStream(in)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(image);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(image, true, true);
                return new Size(reader.getWidth(0), reader.getHeight(0));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
