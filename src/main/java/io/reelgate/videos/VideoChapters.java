package io.reelgate.videos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.budget.Money;
import io.reelgate.generation.JobView;
import io.reelgate.generation.StitchedVideos;

/**
 * The chapters of a stitched video, for its players (a WebVTT chapters track and a list of buttons
 * that jump to each) and its page (which shot each chapter is, and what that shot cost).
 */
@ApplicationScoped
public class VideoChapters {

    /** One chapter as pages show it. */
    public record Row(int number, String title, double startSeconds, double endSeconds, String at, long sourceJobId,
            String cost) {
    }

    private final StitchedVideos stitched;

    VideoChapters(StitchedVideos stitched) {
        this.stitched = stitched;
    }

    /** The video's chapters; a video that is not stitched has none (and costs no query). */
    public List<Row> of(JobView job) {
        return job.stitched() ? of(job.id()) : List.of();
    }

    public List<Row> of(long jobId) {
        List<Row> rows = new ArrayList<>();
        int n = 1;
        for (StitchedVideos.Chapter c : stitched.chapters(jobId)) {
            long secs = c.startMs() / 1000;
            rows.add(new Row(n++, c.title(), c.startMs() / 1000.0, c.endMs() / 1000.0,
                    secs / 60 + ":" + String.format(Locale.ROOT, "%02d", secs % 60), c.sourceJobId(),
                    c.sourceChargedMicros() == null ? "" : Money.ofMicros(c.sourceChargedMicros()).display()));
        }
        return rows;
    }

    /** The chapters as a WebVTT file (kind "chapters"). */
    public static String vtt(List<Row> rows) {
        StringBuilder out = new StringBuilder("WEBVTT\n");
        for (Row r : rows) {
            out.append('\n').append(r.number()).append('\n').append(time(r.startSeconds())).append(" --> ")
                    .append(time(r.endSeconds())).append('\n').append(r.title().replace("-->", "->").replace('\n', ' '))
                    .append('\n');
        }
        return out.toString();
    }

    private static String time(double seconds) {
        long ms = Math.round(seconds * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    }
}
