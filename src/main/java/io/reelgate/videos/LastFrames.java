package io.reelgate.videos;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

import javax.imageio.ImageIO;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;


import io.reelgate.generation.JobQueries;
import io.reelgate.storage.TeamKeys;
import io.reelgate.generation.VideoAsset;
import io.reelgate.generation.JobView;
import io.reelgate.media.VideoFile;
import io.reelgate.provider.Variant;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.Team;

/**
 * "Continue from the last frame": decodes the last frame of a stored video (FFmpeg), scales it
 * to the video's size (providers require the input image to match the requested size exactly) and
 * stores it as a PNG input image of the team — once per video: the composer is a GET (links,
 * prefetches and crawlers may open it), so later requests reuse the stored frame. Frames that no
 * job used are swept with the other unused inputs ({@code generation/InputSweep}).
 */
@ApplicationScoped
public class LastFrames {

    private final ObjectStore store;
    private final JobQueries jobs;

    LastFrames(ObjectStore store, JobQueries jobs) {
        this.store = store;
        this.jobs = jobs;
    }

    /** Returns the storage key of the video's last frame, extracting and storing it the first time. */
    public String extractLastFrame(Team team, JobView job) {
        String key = TeamKeys.inputs(team.id) + "last-frame-" + job.id() + ".png";
        if (store.stat(key).isPresent()) {
            return key;
        }
        VideoAsset video = jobs.assets(java.util.List.of(job.id())).getOrDefault(job.id(), Map.of()).get(Variant.VIDEO);
        if (video == null) {
            throw new NotFoundException();
        }
        Path file = null;
        try {
            file = Files.createTempFile("reelgate-frame-", ".mp4");
            try (InputStream in = store.open(video.objectKey, 0, null)) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            BufferedImage frame = VideoFile.lastFrame(file);
            String[] wh = job.size().split("x");
            BufferedImage scaled = scale(frame, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(scaled, "png", png);
            store.put(key, new ByteArrayInputStream(png.toByteArray()), "image/png");
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not extract the last frame of video " + job.id(), e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    private static BufferedImage scale(BufferedImage source, int width, int height) {
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(source, 0, 0, width, height, null);
        g.dispose();
        return out;
    }
}
