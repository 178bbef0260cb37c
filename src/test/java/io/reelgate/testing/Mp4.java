package io.reelgate.testing;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import org.jcodec.api.FrameGrab;
import org.jcodec.api.JCodecException;
import org.jcodec.common.DemuxerTrackMeta;
import org.jcodec.common.io.NIOUtils;
import org.jcodec.common.io.SeekableByteChannel;
import org.jcodec.containers.mp4.demuxer.MP4Demuxer;
import org.jcodec.scale.AWTUtil;

/** Demuxes and decodes MP4 files in pure Java, to check what the simulator and the pipeline produce. */
public final class Mp4 {

    /** Duration, frame count, first and last decoded frames. */
    public record Decoded(double durationSeconds, int frames, BufferedImage first, BufferedImage last) {
        public double fps() {
            return frames / durationSeconds;
        }
    }

    private Mp4() {
    }

    public static Decoded decode(Path file) throws IOException {
        try (SeekableByteChannel channel = NIOUtils.readableChannel(file.toFile())) {
            DemuxerTrackMeta meta = MP4Demuxer.createMP4Demuxer(channel).getVideoTrack().getMeta();
            int frames = meta.getTotalFrames();
            try (SeekableByteChannel again = NIOUtils.readableChannel(file.toFile())) {
                FrameGrab grab = FrameGrab.createFrameGrab(again);
                BufferedImage first = AWTUtil.toBufferedImage(grab.getNativeFrame());
                grab.seekToFramePrecise(frames - 1);
                BufferedImage last = AWTUtil.toBufferedImage(grab.getNativeFrame());
                return new Decoded(meta.getTotalDuration(), frames, first, last);
            }
        } catch (JCodecException e) {
            throw new IOException(e);
        }
    }

    /** True when the {@code moov} box precedes {@code mdat}: players can start before the download ends. */
    public static boolean moovFirst(byte[] head) {
        int offset = 0;
        while (offset + 8 <= head.length) {
            long size = ((head[offset] & 0xFFL) << 24) | ((head[offset + 1] & 0xFF) << 16) | ((head[offset + 2] & 0xFF) << 8)
                    | (head[offset + 3] & 0xFF);
            String type = new String(head, offset + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (type.equals("moov")) {
                return true;
            }
            if (type.equals("mdat") || size < 8) {
                return false;
            }
            offset += (int) size;
        }
        return false;
    }
}
