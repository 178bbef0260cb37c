package io.reelgate.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Bulk-inserts finished, failed and running jobs with their stored assets in one statement each, for
 * benchmarks that need a team with thousands of videos (creating them through the pipeline would take hours).
 * The object keys point nowhere: the pages under test render links and metadata, not bytes.
 */
public final class JobSeeder {

    private JobSeeder() {
    }

    /**
     * Inserts {@code count} jobs for the team and member: 80 % completed (with video, thumbnail and spritesheet
     * rows), 10 % failed (half of them sentinel blocks), 10 % running (not due for a week, so
     * the pipeline leaves them alone). Creation times are spread over the last
     * {@code days} days, newest last. Returns the number of jobs inserted.
     */
    public static int seed(DataSource dataSource, long teamId, long memberId, int count, int days) {
        String jobs = """
                insert into video_job (team_id, member_id, reservation_id, provider, model, size, seconds, prompt,
                                       priority, state, provider_video_id, progress, fingerprint, error_code,
                                       error_message, actual_seconds, charged_micros, created_at, finished_at,
                                       next_attempt_at)
                select ?, ?, -(?::bigint * 10000000 + i), 'simulator',
                       case when i % 5 = 0 then 'sora-2-pro' else 'sora-2' end,
                       case when i % 7 = 0 then '720x1280' else '1280x720' end,
                       case when i % 3 = 0 then 8 else 4 end,
                       (array['A red paper boat drifting on a misty pond at dawn',
                              'Neon city traffic in the rain at night, overhead drone shot',
                              'A hot air balloon over a canyon at sunrise, wide shot',
                              'Slow motion waves crashing on black volcanic sand',
                              'A fox walking through fresh snow in a birch forest'])[1 + i % 5] || ', take ' || i,
                       2,
                       case when i % 10 = 0 then 'FAILED' when i % 10 = 1 then 'SUBMITTED' else 'COMPLETED' end,
                       'seed_' || ? || '_' || i,
                       case when i % 10 = 1 then 40 else 100 end,
                       'seed-' || i,
                       case when i % 20 = 0 then 'sentinel_block' when i % 10 = 0 then 'video_generation_failed' end,
                       case when i % 10 = 0 then 'The provider could not generate this video.' end,
                       case when i % 10 > 1 then case when i % 3 = 0 then 8 else 4 end end,
                       case when i % 10 > 1 then (case when i % 3 = 0 then 8 else 4 end) * 100000 else 0 end,
                       now() - make_interval(secs => (? - i) * (? * 86400.0 / ?)),
                       case when i % 10 <> 1 then now() - make_interval(secs => (? - i) * (? * 86400.0 / ?)) + interval '40 seconds' end,
                       now() + interval '7 days'
                from generate_series(1, ?) as i
                """;
        String assets = """
                insert into video_asset (job_id, variant, object_key, content_type, size_bytes, sha256)
                select j.id, v.variant, 'teams/' || j.team_id || '/videos/' || j.id || '/' || lower(v.variant),
                       v.type, v.bytes, repeat('0', 64)
                from video_job j
                cross join (values ('VIDEO', 'video/mp4', 1400000), ('THUMBNAIL', 'image/webp', 24000),
                                   ('SPRITESHEET', 'image/jpeg', 180000)) as v(variant, type, bytes)
                where j.team_id = ? and j.state = 'COMPLETED' and j.provider_video_id like 'seed_%'
                """;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            int n;
            try (PreparedStatement ps = c.prepareStatement(jobs)) {
                int p = 1;
                ps.setLong(p++, teamId);
                ps.setLong(p++, memberId);
                ps.setLong(p++, teamId);
                ps.setLong(p++, teamId);
                for (int k = 0; k < 2; k++) {
                    ps.setInt(p++, count);
                    ps.setInt(p++, days);
                    ps.setInt(p++, count);
                }
                ps.setInt(p, count);
                n = ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(assets)) {
                ps.setLong(1, teamId);
                ps.executeUpdate();
            }
            try (var s = c.createStatement()) {
                s.execute("analyze video_job");
                s.execute("analyze video_asset");
            }
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
