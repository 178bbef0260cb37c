package io.reelgate.media;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_copy;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import java.io.IOException;
import java.nio.Buffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/**
 * Joins video clips into one MP4, one after the other, with sound where every clip has sound.
 * When the clips' codec settings match (codec, picture size, pixel format, profile and the
 * decoder configuration itself, for video and sound), their packets are copied with shifted
 * timestamps and nothing is decoded ({@link Method#REMUX}); otherwise every frame is decoded,
 * scaled to the first clip's size and encoded again as H.264 and AAC ({@link Method#REENCODE}).
 * Each clip starts where the previous clip's picture ends, so chapters fall on shot boundaries and
 * sound stays in step. The file is written with its index at the front (faststart).
 */
public final class Concat {

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private static final AVRational MICROS = avutil.av_make_q(1, 1_000_000);

    /** How the clips were joined. */
    public enum Method {
        REMUX, REENCODE
    }

    /** The joined file: how, and where each clip starts and ends in it (microseconds). */
    public record Joined(Method method, long[] startMicros, long[] endMicros) {
        public long durationMicros() {
            return endMicros.length == 0 ? 0 : endMicros[endMicros.length - 1];
        }
    }

    /** What decides whether two clips can be joined without decoding. */
    record Settings(int width, int height, int videoCodec, int pixelFormat, int profile, byte[] videoConfig,
            boolean audio, int audioCodec, int sampleRate, int channels, byte[] audioConfig, double frameRate,
            long videoMicros) {

        boolean sameCodingAs(Settings o) {
            return width == o.width && height == o.height && videoCodec == o.videoCodec && pixelFormat == o.pixelFormat
                    && profile == o.profile && Arrays.equals(videoConfig, o.videoConfig) && audio == o.audio
                    && (!audio || audioCodec == o.audioCodec && sampleRate == o.sampleRate && channels == o.channels
                            && Arrays.equals(audioConfig, o.audioConfig));
        }
    }

    private Concat() {
    }

    /**
     * Joins {@code clips} into {@code out}, without re-encoding when their settings match. No clips
     * is refused here: FFmpeg would crash the whole process in native code writing an empty file.
     */
    public static Joined join(List<Path> clips, Path out) throws IOException {
        requireClips(clips);
        List<Settings> settings = settings(clips);
        boolean same = settings.stream().allMatch(s -> s.sameCodingAs(settings.get(0)));
        return same ? remux(clips, settings, out) : reencode(clips, settings, out);
    }

    /** Joins by decoding and encoding again, whatever the clips' settings (for comparison and mixed clips). */
    public static Joined reencode(List<Path> clips, Path out) throws IOException {
        requireClips(clips);
        return reencode(clips, settings(clips), out);
    }

    private static void requireClips(List<Path> clips) {
        if (clips == null || clips.isEmpty()) {
            throw new IllegalArgumentException("Nothing to join: no clips");
        }
    }

    private static List<Settings> settings(List<Path> clips) throws IOException {
        List<Settings> settings = new ArrayList<>();
        for (Path clip : clips) {
            settings.add(settings(clip));
        }
        return settings;
    }

    static Settings settings(Path clip) throws IOException {
        AVFormatContext in = open(clip);
        try {
            AVCodecParameters video = null;
            AVCodecParameters audio = null;
            AVStream videoStream = null;
            for (int i = 0; i < in.nb_streams(); i++) {
                AVStream s = in.streams(i);
                int type = s.codecpar().codec_type();
                if (type == AVMEDIA_TYPE_VIDEO && video == null) {
                    video = s.codecpar();
                    videoStream = s;
                } else if (type == AVMEDIA_TYPE_AUDIO && audio == null) {
                    audio = s.codecpar();
                }
            }
            if (video == null) {
                throw new IOException(clip.getFileName() + " has no video stream");
            }
            AVRational rate = videoStream.avg_frame_rate();
            double fps = rate.den() == 0 ? 24 : (double) rate.num() / rate.den();
            long micros = videoStream.duration() != AV_NOPTS_VALUE
                    ? av_rescale_q(videoStream.duration(), videoStream.time_base(), MICROS) : in.duration();
            return new Settings(video.width(), video.height(), video.codec_id(), video.format(), video.profile(),
                    extradata(video), audio != null, audio == null ? 0 : audio.codec_id(),
                    audio == null ? 0 : audio.sample_rate(), audio == null ? 0 : audio.ch_layout().nb_channels(),
                    audio == null ? null : extradata(audio), fps, Math.max(0, micros));
        } finally {
            avformat_close_input(in);
        }
    }

    private static byte[] extradata(AVCodecParameters p) {
        if (p.extradata() == null || p.extradata_size() <= 0) {
            return new byte[0];
        }
        byte[] bytes = new byte[p.extradata_size()];
        p.extradata().get(bytes);
        return bytes;
    }

    private static AVFormatContext open(Path file) throws IOException {
        AVFormatContext in = new AVFormatContext(null);
        check(avformat_open_input(in, file.toString(), null, null), "open " + file.getFileName());
        check(avformat_find_stream_info(in, (PointerPointer<?>) null), "read " + file.getFileName());
        return in;
    }

    private static Joined remux(List<Path> clips, List<Settings> settings, Path out) throws IOException {
        AVFormatContext output = new AVFormatContext(null);
        check(avformat_alloc_output_context2(output, null, "mp4", out.toString()), "create " + out.getFileName());
        AVPacket packet = av_packet_alloc();
        long[] starts = new long[clips.size()];
        long[] ends = new long[clips.size()];
        try {
            long offset = 0;
            long[] lastDts = null;
            for (int c = 0; c < clips.size(); c++) {
                AVFormatContext in = open(clips.get(c));
                try {
                    int[] map = mapStreams(in, output, c == 0);
                    if (c == 0) {
                        lastDts = new long[output.nb_streams()];
                        Arrays.fill(lastDts, Long.MIN_VALUE);
                        writeHeader(output, out);
                    }
                    starts[c] = offset;
                    while (av_read_frame(in, packet) >= 0) {
                        int target = packet.stream_index() < map.length ? map[packet.stream_index()] : -1;
                        if (target < 0) {
                            av_packet_unref(packet);
                            continue;
                        }
                        AVStream from = in.streams(packet.stream_index());
                        AVStream to = output.streams(target);
                        av_packet_rescale_ts(packet, from.time_base(), to.time_base());
                        long shift = av_rescale_q(offset, MICROS, to.time_base());
                        if (packet.pts() != AV_NOPTS_VALUE) {
                            packet.pts(packet.pts() + shift);
                        }
                        if (packet.dts() != AV_NOPTS_VALUE) {
                            packet.dts(packet.dts() + shift);
                            if (packet.dts() <= lastDts[target]) {
                                // sound a little longer than the picture overlaps the next clip: drop it
                                av_packet_unref(packet);
                                continue;
                            }
                            lastDts[target] = packet.dts();
                        }
                        packet.stream_index(target);
                        packet.pos(-1);
                        check(av_interleaved_write_frame(output, packet), "write a packet");
                    }
                } finally {
                    avformat_close_input(in);
                }
                offset += settings.get(c).videoMicros();
                ends[c] = offset;
            }
            check(av_write_trailer(output), "finish " + out.getFileName());
        } finally {
            av_packet_free(packet);
            if ((output.oformat().flags() & AVFMT_NOFILE) == 0 && output.pb() != null) {
                avio_closep(output.pb());
            }
            avformat_free_context(output);
        }
        return new Joined(Method.REMUX, starts, ends);
    }

    /** Maps the input's first video and first audio stream to output streams (created from the first clip). */
    private static int[] mapStreams(AVFormatContext in, AVFormatContext output, boolean create) throws IOException {
        int[] map = new int[in.nb_streams()];
        Arrays.fill(map, -1);
        int next = 0;
        boolean video = false;
        boolean audio = false;
        for (int i = 0; i < in.nb_streams(); i++) {
            AVStream s = in.streams(i);
            int type = s.codecpar().codec_type();
            boolean take = type == AVMEDIA_TYPE_VIDEO && !video || type == AVMEDIA_TYPE_AUDIO && !audio;
            if (!take) {
                continue;
            }
            video |= type == AVMEDIA_TYPE_VIDEO;
            audio |= type == AVMEDIA_TYPE_AUDIO;
            if (create) {
                AVStream o = avformat_new_stream(output, null);
                check(avcodec_parameters_copy(o.codecpar(), s.codecpar()), "copy stream settings");
                o.codecpar().codec_tag(0);
                o.time_base(s.time_base());
            }
            map[i] = next++;
        }
        return map;
    }

    private static void writeHeader(AVFormatContext output, Path out) throws IOException {
        if ((output.oformat().flags() & AVFMT_NOFILE) == 0) {
            AVIOContext pb = new AVIOContext(null);
            check(avio_open(pb, new BytePointer(out.toString()), AVIO_FLAG_WRITE), "open " + out.getFileName());
            output.pb(pb);
        }
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "movflags", "+faststart", 0);
        try {
            check(avformat_write_header(output, options), "write the header");
        } finally {
            av_dict_free(options);
        }
    }

    private static Joined reencode(List<Path> clips, List<Settings> settings, Path out) throws IOException {
        Settings first = settings.get(0);
        boolean audio = settings.stream().allMatch(Settings::audio);
        int channels = audio ? Math.min(2, Math.max(1, first.channels())) : 0;
        int sampleRate = audio ? first.sampleRate() : 0;
        long[] starts = new long[clips.size()];
        long[] ends = new long[clips.size()];
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), first.width(), first.height(), channels)) {
            recorder.setFormat("mp4");
            recorder.setOption("movflags", "+faststart");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            double fps = first.frameRate() > 0 ? first.frameRate() : 24;
            recorder.setFrameRate(fps);
            recorder.setGopSize((int) Math.round(fps * 2));
            // about 0.1 bit per pixel and frame: what providers' 720p clips carry
            recorder.setVideoBitrate((int) Math.min(20_000_000L, Math.max(200_000L,
                    (long) (first.width() * (long) first.height() * fps * 0.1))));
            if (audio) {
                recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                recorder.setSampleRate(sampleRate);
                recorder.setAudioChannels(channels);
                recorder.setAudioBitrate(128_000);
            }
            recorder.start();
            long offset = 0;
            long lastFrame = -1;
            long samplesWritten = 0;
            for (int c = 0; c < clips.size(); c++) {
                starts[c] = offset;
                if (audio) {
                    samplesWritten = padSilence(recorder, offset, sampleRate, channels, samplesWritten);
                }
                try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clips.get(c).toFile())) {
                    grabber.setImageWidth(first.width());
                    grabber.setImageHeight(first.height());
                    if (audio) {
                        grabber.setSampleRate(sampleRate);
                        grabber.setAudioChannels(channels);
                        grabber.setSampleFormat(avutil.AV_SAMPLE_FMT_S16);
                    }
                    grabber.start();
                    long clipEnd = offset + settings.get(c).videoMicros();
                    Frame frame;
                    while ((frame = grabber.grab()) != null) {
                        long at = offset + frame.timestamp;
                        if (frame.image != null) {
                            long number = Math.round(at * fps / 1_000_000.0);
                            if (number <= lastFrame || at >= clipEnd) {
                                continue; // another clip's rate: never two pictures in one frame slot
                            }
                            recorder.setFrameNumber((int) number);
                            recorder.record(frame);
                            lastFrame = number;
                        } else if (audio && frame.samples != null && samplesWritten < clipEnd * sampleRate / 1_000_000) {
                            recorder.recordSamples(frame.sampleRate, frame.audioChannels, frame.samples);
                            samplesWritten += samplesIn(frame.samples, frame.audioChannels);
                        }
                    }
                }
                offset += settings.get(c).videoMicros();
                ends[c] = offset;
            }
            recorder.stop();
        }
        return new Joined(Method.REENCODE, starts, ends);
    }

    /** A clip's sound that ends before its picture: silence up to the next clip's start. */
    private static long padSilence(FFmpegFrameRecorder recorder, long untilMicros, int sampleRate, int channels,
            long samplesWritten) throws IOException {
        long target = untilMicros * sampleRate / 1_000_000;
        long missing = target - samplesWritten;
        if (missing <= 0) {
            return samplesWritten;
        }
        ShortBuffer silence = ShortBuffer.allocate((int) missing * channels);
        recorder.recordSamples(sampleRate, channels, silence);
        return target;
    }

    private static long samplesIn(Buffer[] samples, int channels) {
        if (samples.length == 0) {
            return 0;
        }
        return samples.length == 1 ? samples[0].limit() / Math.max(1, channels) : samples[0].limit();
    }

    private static void check(int result, String what) throws IOException {
        if (result < 0) {
            byte[] text = new byte[256];
            avutil.av_strerror(result, text, text.length);
            String message = new String(text, java.nio.charset.StandardCharsets.US_ASCII).trim().replace("\0", "");
            throw new IOException("Could not " + what + ": " + message);
        }
    }
}
