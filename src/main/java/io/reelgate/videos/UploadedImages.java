package io.reelgate.videos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.reelgate.provider.Capabilities;
import io.reelgate.storage.TeamKeys;
import io.reelgate.provider.InputImage;
import io.reelgate.storage.ObjectStore;

/**
 * The composer's first-frame image: an upload, or a stored last frame of the team's own video
 * ("continue from here"), checked against what the chosen provider takes. Each problem is named
 * for the image field; the bytes are read once.
 */
@ApplicationScoped
public class UploadedImages {

    private final StudioConfig config;
    private final ObjectStore store;

    UploadedImages(StudioConfig config, ObjectStore store) {
        this.config = config;
        this.store = store;
    }

    /**
     * The image to send for a {@code size} video, if any: the upload, else the team's stored frame
     * {@code frameKey} (nullable); a problem goes into {@code errors} under {@code image}.
     */
    public Optional<InputImage> read(long teamId, FileUpload upload, String size, String frameKey, Capabilities can,
            Map<String, String> errors) {
        if (chosen(upload)) {
            return upload(upload, size, can, errors);
        }
        byte[] bytes;
        String name;
        try {
            if (frameKey != null) {
                if (!ownInput(teamId, frameKey) || store.stat(frameKey).isEmpty()) {
                    errors.put("image", "That first frame is no longer available; choose the video to continue from again.");
                    return Optional.empty();
                }
                try (InputStream in = store.open(frameKey, 0, null)) {
                    bytes = in.readAllBytes();
                }
                name = "last-frame.png";
            } else {
                return Optional.empty();
            }
        } catch (IOException e) {
            errors.put("image", "The image could not be read; upload it again.");
            return Optional.empty();
        }
        return checked(InputImage.of(name, bytes), size, can, errors);
    }

    /** Whether a file was chosen (an empty one included: that is a mistake to name). */
    public static boolean chosen(FileUpload upload) {
        return upload != null && upload.uploadedFile() != null
                && (upload.size() > 0 || upload.fileName() != null && !upload.fileName().isBlank());
    }

    /**
     * An uploaded first frame for a {@code size} video of a provider that can {@code can}; a problem
     * goes into {@code errors} under {@code image}. Empty without a chosen file.
     */
    public Optional<InputImage> upload(FileUpload upload, String size, Capabilities can, Map<String, String> errors) {
        if (!chosen(upload)) {
            return Optional.empty();
        }
        if (upload.size() == 0) {
            errors.put("image", "The file " + upload.fileName() + " is empty; choose the image again.");
            return Optional.empty();
        }
        if (upload.size() > config.maxImageBytes()) {
            errors.put("image", "The image is " + mb(upload.size()) + "; the limit is " + mb(config.maxImageBytes())
                    + ". Export it smaller (JPEG or WebP) and try again.");
            return Optional.empty();
        }
        try {
            return checked(InputImage.of(upload.fileName(), Files.readAllBytes(upload.uploadedFile())), size, can, errors);
        } catch (IOException e) {
            errors.put("image", "The image could not be read; upload it again.");
            return Optional.empty();
        }
    }

    private static Optional<InputImage> checked(Optional<InputImage> image, String size, Capabilities can,
            Map<String, String> errors) {
        if (!can.imageInput().supported()) {
            errors.put("image", "This provider does not take a first-frame image; remove it or choose another model.");
            return Optional.empty();
        }
        if (image.isEmpty() || !can.imageInput().accepts(image.get().contentType())) {
            errors.put("image", "This file is not a " + can.imageInput().formats() + " image (whatever its name says).");
            return Optional.empty();
        }
        if (can.imageInput().mustMatchSize() && !image.get().size().equals(size)) {
            errors.put("image", "The image is " + image.get().size() + " pixels; a " + size + " video needs an image of "
                    + "exactly " + size + ". Resize or crop it, or choose the matching size.");
            return Optional.empty();
        }
        return image;
    }

    /** A key of one of this team's stored input images (a plain name under its inputs/, nothing else). */
    public static boolean ownInput(long teamId, String key) {
        String prefix = TeamKeys.inputs(teamId);
        return key != null && key.startsWith(prefix)
                && key.substring(prefix.length()).matches("[A-Za-z0-9][A-Za-z0-9._-]{0,120}") && !key.contains("..");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ENGLISH, "%.1f MB", bytes / 1048576.0);
    }
}
