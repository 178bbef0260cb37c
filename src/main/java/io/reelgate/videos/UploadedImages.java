package io.reelgate.videos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.reelgate.provider.Capabilities;
import io.reelgate.storage.TeamKeys;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.Reference;
import io.reelgate.storage.ObjectStore;

/**
 * The composer's images: the first frame (an upload, or a stored last frame of the team's own video,
 * "continue from here"), the last frame and reference images, checked against what the chosen
 * provider takes. Each problem is named for its field ({@code image}, {@code lastFrame},
 * {@code references}); the bytes are read once.
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
        return bytes(upload, "image", "The image", errors)
                .flatMap(b -> checked(InputImage.of(upload.fileName(), b), size, can, errors));
    }

    /**
     * The last frame of a {@code size} video: checked as a first frame is (type, and the exact size
     * where the provider needs it); a problem goes into {@code errors} under {@code lastFrame}.
     * Whether the model takes one at all is the provider's rule, said by the submission.
     */
    public Optional<InputImage> lastFrame(FileUpload upload, String size, Capabilities can, Map<String, String> errors) {
        Optional<InputImage> image = file(upload, "lastFrame", "The last frame", errors);
        if (image.isPresent() && !accepted(image.get(), can)) {
            errors.put("lastFrame", "The last frame is not a " + can.imageInput().formats() + " image.");
            return Optional.empty();
        }
        if (image.isPresent() && can.imageInput().mustMatchSize() && !image.get().size().equals(size)) {
            errors.put("lastFrame", "The last frame is " + image.get().size() + " pixels; a " + size
                    + " video needs exactly " + size + ". Resize or crop it, or choose the matching size.");
            return Optional.empty();
        }
        return image;
    }

    /**
     * The chosen reference images in slot order ({@code reference1}, {@code reference2} …), each with
     * its posted kind ({@code kinds}: one per slot, in slot order);
     * the first problem goes into {@code errors} under {@code references}. How many and which kinds
     * the model takes is the provider's rule, said by the submission.
     */
    public List<Reference> references(List<FileUpload> slots, List<String> kinds, Capabilities can,
            Map<String, String> errors) {
        List<Reference> out = new ArrayList<>();
        for (FileUpload slot : slots) {
            int n = Integer.parseInt(slot.name().substring("reference".length()));
            Optional<InputImage> image = file(slot, "references", "Reference " + n, errors);
            if (image.isPresent() && !accepted(image.get(), can)) {
                errors.put("references", "Reference " + n + " is not a " + can.imageInput().formats() + " image.");
            }
            if (errors.containsKey("references")) {
                return List.of();
            }
            String kind = kinds != null && n <= kinds.size() ? kinds.get(n - 1) : null;
            image.ifPresent(img -> out.add(new Reference(img, kind(kind))));
        }
        return List.copyOf(out);
    }

    /** A reference's kind as posted: {@code style}, else an asset (the one kind every model that takes references takes). */
    public static Reference.Kind kind(String posted) {
        return "style".equals(posted == null ? null : posted.strip().toLowerCase(java.util.Locale.ROOT))
                ? Reference.Kind.STYLE : Reference.Kind.ASSET;
    }

    private static boolean accepted(InputImage image, Capabilities can) {
        return !can.imageInput().supported() || can.imageInput().accepts(image.contentType());
    }

    /**
     * A chosen file read once, if it is an image within the size limit; else a problem under
     * {@code field} ({@code what} names it in the sentence: "The image", "Reference 2").
     */
    public Optional<InputImage> file(FileUpload upload, String field, String what, Map<String, String> errors) {
        Optional<byte[]> bytes = bytes(upload, field, what, errors);
        Optional<InputImage> image = bytes.flatMap(b -> InputImage.of(upload.fileName(), b));
        if (bytes.isPresent() && image.isEmpty()) {
            errors.put(field, what + " (" + upload.fileName() + ") is not a JPEG, PNG or WebP image, whatever its name says.");
        }
        return image;
    }

    /** The bytes of a chosen file within the size limit; else a problem under {@code field}. */
    private Optional<byte[]> bytes(FileUpload upload, String field, String what, Map<String, String> errors) {
        if (!chosen(upload)) {
            return Optional.empty();
        }
        if (upload.size() == 0) {
            errors.put(field, "The file " + upload.fileName() + " is empty; choose the image again.");
            return Optional.empty();
        }
        if (upload.size() > config.maxImageBytes()) {
            errors.put(field, what + " is " + mb(upload.size()) + "; the limit is " + mb(config.maxImageBytes())
                    + ". Export it smaller (JPEG or WebP) and try again.");
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(upload.uploadedFile()));
        } catch (IOException e) {
            errors.put(field, what + " could not be read; upload it again.");
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
