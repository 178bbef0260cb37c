package io.reelgate.media;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Reads a video file with FFmpeg (JavaCV's JNI bindings; no executable): its facts from the
 * container header, a set of evenly spaced frames from one sequential decode (correct for any GOP
 * structure, B-frames and a single keyframe included, and faster than seeking), and its last
 * frame. Decoded pictures stay in native memory; only the few frames asked for become Java
 * images, at most {@code maxDimension} on the long side (FFmpeg scales them), so heap use does not
 * grow with the source resolution.
 */
public final class VideoFile {

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /** A frame picked from the video: its index among the picks, timestamp and picture. */
    public interface FrameSink {
        void accept(int pick, long timestampMicros, BufferedImage picture);
    }

    private VideoFile() {
    }

    /** The file's facts from its header (no frame decoded beyond what stream detection needs). */
    public static VideoFacts facts(Path file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            if (!grabber.hasVideo()) {
                throw new IOException("The file has no video stream");
            }
            return facts(grabber, 0);
        }
    }

    /**
     * Decodes the whole video once and hands {@code picks} frames to {@code sink}: pick {@code i} is
     * the first frame at or after {@code (i + 0.5) / picks} of the duration (the middle of each
     * equal segment, so fades at the very start and end are avoided). A video with fewer frames
     * than picks repeats its last frame. Returns the facts, with the number of frames decoded.
     */
    public static VideoFacts sample(Path file, int picks, int maxDimension, int threads, FrameSink sink)
            throws IOException {
        VideoFacts header = facts(file);
        int[] size = fit(header.width(), header.height(), maxDimension);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.setImageWidth(size[0]);
            grabber.setImageHeight(size[1]);
            grabber.setVideoOption("threads", Integer.toString(Math.max(1, threads)));
            grabber.start();
            long duration = Math.max(1, videoMicros(grabber));
            long tail = Math.max(duration - 2 * frameMicros(grabber), 0);
            int next = 0;
            int decoded = 0;
            Frame frame;
            BufferedImage last = null;
            long lastTimestamp = 0;
            while (next < picks && (frame = grabber.grabImage()) != null) {
                decoded++;
                if (frame.timestamp >= instant(next, picks, duration)) {
                    BufferedImage picture = copy(converter.convert(frame));
                    while (next < picks && frame.timestamp >= instant(next, picks, duration)) {
                        sink.accept(next++, frame.timestamp, picture);
                    }
                    last = picture;
                    lastTimestamp = frame.timestamp;
                } else if (frame.timestamp >= tail) {
                    // the final frames may end before a late pick's instant: keep the newest for it
                    last = copy(converter.convert(frame));
                    lastTimestamp = frame.timestamp;
                }
            }
            if (next < picks && last == null) {
                throw new IOException("No frame could be decoded");
            }
            while (next < picks) {
                sink.accept(next++, lastTimestamp, last);
            }
            return new VideoFacts(header.durationMillis(), header.width(), header.height(), header.codec(),
                    header.hasAudio(), decoded);
        }
    }

    /**
     * The video's last frame at its own size, from one sequential decode: frames of the last two
     * frame durations are converted as they pass (the grabber reuses its frame, so the newest one
     * must be copied before the next is decoded).
     */
    public static BufferedImage lastFrame(Path file) throws IOException {
        int decoded = 0;
        BufferedImage last = null;
        boolean newest = false;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            long tail = Math.max(videoMicros(grabber) - 2 * frameMicros(grabber), 0);
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                decoded++;
                newest = frame.timestamp >= tail;
                if (newest) {
                    last = copy(converter.convert(frame));
                }
            }
        }
        if (newest) {
            return last;
        }
        if (decoded == 0) {
            throw new IOException("No frame could be decoded");
        }
        // the frames' timestamps did not reach the stated duration: decode again up to the last one
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
                Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            for (int i = 1; i < decoded; i++) {
                grabber.grabFrame(false, true, false, false);
            }
            Frame frame = grabber.grabImage();
            if (frame == null) {
                throw new IOException("The last frame could not be decoded again");
            }
            return copy(converter.convert(frame));
        }
    }

    private static long instant(int pick, int picks, long duration) {
        return (long) ((pick + 0.5) / picks * duration);
    }

    private static VideoFacts facts(FFmpegFrameGrabber grabber, int frames) {
        String codec = grabber.getVideoCodecName();
        return new VideoFacts(Math.max(0, grabber.getLengthInTime() / 1000), grabber.getImageWidth(),
                grabber.getImageHeight(), codec == null ? "unknown" : codec, grabber.hasAudio(), frames);
    }

    /** The video stream's length: the container's can be longer (a longer audio track). */
    private static long videoMicros(FFmpegFrameGrabber grabber) {
        long container = grabber.getLengthInTime();
        int frames = grabber.getLengthInVideoFrames();
        double fps = grabber.getFrameRate();
        if (frames > 0 && fps > 0) {
            long stream = (long) (frames / fps * 1_000_000);
            return container > 0 ? Math.min(container, stream) : stream;
        }
        return container;
    }

    private static long frameMicros(FFmpegFrameGrabber grabber) {
        double fps = grabber.getFrameRate();
        return fps > 0 ? (long) (1_000_000 / fps) : 40_000;
    }

    /** The largest even size within {@code max} on the long side, keeping the aspect ratio. */
    static int[] fit(int width, int height, int max) {
        double scale = Math.min(1.0, (double) max / Math.max(width, height));
        int w = Math.max(2, (int) Math.round(width * scale / 2) * 2);
        int h = Math.max(2, (int) Math.round(height * scale / 2) * 2);
        return new int[] { w, h };
    }

    /** The converter reuses one image for every frame: keep a copy of the ones we pick. */
    private static BufferedImage copy(BufferedImage source) {
        BufferedImage out = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_SPEED);
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return out;
    }
}
