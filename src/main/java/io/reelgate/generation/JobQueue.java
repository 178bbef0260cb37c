package io.reelgate.generation;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import io.reelgate.lease.LeasedTable;
import io.reelgate.team.QueuePriority;
import io.reelgate.web.SqlTimes;

/**
 * The durable queue in PostgreSQL, as SQL on the caller's connection and transaction (so tests can
 * run it on a second pool, as a second instance). Claims take rows with {@code FOR UPDATE SKIP
 * LOCKED} and give them a lease (database time, renewed by {@code lease/Leases} while the worker is at it);
 * no two workers ever hold one job.
 *
 * <p>Dispatch (ADMITTED → SUBMITTING) is further limited by each provider's shared token bucket
 * (the organisation's upstream requests per minute) and ordered fairly: teams take turns — a
 * team's n-th waiting job counts as round ⌊(n−1)/weight⌋ with the weight of its {@link QueuePriority}
 * (4 dedicated, 2 priority, 1 standard) — so priority buys a larger share, never a monopoly, and one
 * team's burst never starves another team's single job. Within a round, the team served longest
 * ago goes first.
 */
public final class JobQueue {

    /** Where a job's lease is: {@code video_job.lease_owner} and {@code lease_until}. */
    public static final LeasedTable LEASED = LeasedTable.of("video_job");

    private static final String ROUND_WEIGHT = QueuePriority.weightSql("r.priority");

    private final Connection c;

    public JobQueue(Connection connection) {
        this.c = connection;
    }

    /**
     * Claims up to {@code max} ADMITTED jobs of one provider that are due, within the provider's
     * token bucket, and moves them to SUBMITTING under a lease. Returns the claimed job ids.
     */
    public List<Long> claimDispatch(String provider, int perMinute, String owner, Instant now, Duration lease,
            boolean offPeak, int max) throws SQLException {
        int tokens = takeTokens(provider, perMinute, now, max);
        if (tokens == 0) {
            return List.of();
        }
        List<Long> candidates = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                with ready as (
                    select j.id, j.team_id, j.priority, j.created_at,
                           row_number() over (partition by j.team_id order by j.priority, j.created_at, j.id) as turn
                    from video_job j
                    where j.state = 'ADMITTED' and j.provider = ? and j.next_attempt_at <= ?
                      and (j.not_before is null or j.not_before <= ?) and (not j.batch or ?)
                      and (j.lease_until is null or j.lease_until < now()))
                select r.id from ready r left join team_dispatch d on d.team_id = r.team_id
                order by (r.turn - 1) / (%s), r.priority, d.last_dispatched_at nulls first, r.created_at, r.id
                limit ?
                """.formatted(ROUND_WEIGHT))) {
            ps.setString(1, provider);
            ps.setObject(2, utc(now));
            ps.setObject(3, utc(now));
            ps.setBoolean(4, offPeak);
            ps.setInt(5, tokens);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    candidates.add(rs.getLong("id"));
                }
            }
        }
        if (candidates.isEmpty()) {
            giveBack(provider, tokens);
            return List.of();
        }
        List<Long> claimed = new ArrayList<>();
        Array ids = c.createArrayOf("bigint", candidates.toArray());
        try (PreparedStatement ps = c.prepareStatement("""
                with locked as (select id from video_job where id = any(?) and state = 'ADMITTED' for update skip locked),
                claimed as (
                    update video_job j set state = 'SUBMITTING', lease_owner = ?, lease_until = now() + make_interval(secs => ?),
                        attempts = attempts + 1
                    from locked where j.id = locked.id returning j.id, j.team_id),
                history as (
                    insert into video_job_transition (job_id, from_state, to_state, detail, at)
                    select id, 'ADMITTED', 'SUBMITTING', 'dispatched', ? from claimed),
                served as (
                    insert into team_dispatch (team_id, last_dispatched_at) select distinct team_id, ? from claimed
                    on conflict (team_id) do update set last_dispatched_at = excluded.last_dispatched_at)
                select id from claimed
                """)) {
            ps.setArray(1, ids);
            ps.setString(2, owner);
            ps.setDouble(3, lease.toMillis() / 1000.0);
            ps.setObject(4, utc(now));
            ps.setObject(5, utc(now));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getLong("id"));
                }
            }
        }
        if (claimed.size() < tokens) {
            giveBack(provider, tokens - claimed.size());
        }
        return claimed;
    }

    /**
     * Claims up to {@code max} jobs past dispatch whose next step is due (SUBMITTING to reconcile,
     * SUBMITTED to track, INGESTING to copy, DERIVING to make previews) and whose lease is free or
     * expired.
     */
    public List<Long> claimDue(String owner, Instant now, Duration lease, int max) throws SQLException {
        List<Long> claimed = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                update video_job set lease_owner = ?, lease_until = now() + make_interval(secs => ?)
                where id in (
                    select id from video_job
                    where state in ('SUBMITTING', 'SUBMITTED', 'INGESTING', 'DERIVING') and next_attempt_at <= ?
                      and (lease_until is null or lease_until < now())
                    order by next_attempt_at limit ? for update skip locked)
                returning id
                """)) {
            ps.setString(1, owner);
            ps.setDouble(2, lease.toMillis() / 1000.0);
            ps.setObject(3, utc(now));
            ps.setInt(4, max);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    claimed.add(rs.getLong("id"));
                }
            }
        }
        return claimed;
    }

    /**
     * How long a job sent to each provider now would wait for its upstream limit (requests per
     * minute by provider): what is left of a 429 pause, plus the jobs already due there. One query.
     */
    public java.util.Map<String, Duration> upstreamWaits(java.util.Map<String, Integer> perMinute, Instant now)
            throws SQLException {
        java.util.Map<String, Duration> waits = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("""
                select p.provider, b.paused_until,
                       (select count(*) from video_job j where j.provider = p.provider and j.state = 'ADMITTED'
                          and not j.batch and j.next_attempt_at <= ?) as backlog
                from unnest(?) as p(provider) left join upstream_bucket b on b.provider = p.provider
                """)) {
            ps.setObject(1, utc(now));
            ps.setArray(2, c.createArrayOf("text", perMinute.keySet().toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String provider = rs.getString("provider");
                    Instant paused = SqlTimes.instant(rs.getObject("paused_until", OffsetDateTime.class));
                    Duration pause = paused == null || !paused.isAfter(now) ? Duration.ZERO : Duration.between(now, paused);
                    waits.put(provider, pause.plusMillis(rs.getLong("backlog") * 60_000L
                            / Math.max(1, perMinute.getOrDefault(provider, 1))));
                }
            }
        }
        return waits;
    }

    /** Empties the provider's bucket until {@code until}: after a 429 every instance backs off. */
    public void pause(String provider, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update upstream_bucket set tokens = 0, paused_until = greatest(coalesce(paused_until, ?), ?)
                where provider = ?
                """)) {
            ps.setObject(1, utc(until));
            ps.setObject(2, utc(until));
            ps.setString(3, provider);
            ps.executeUpdate();
        }
    }

    /** Takes up to {@code wanted} tokens after refilling the bucket for the time since its last refill. */
    private int takeTokens(String provider, int perMinute, Instant now, int wanted) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "insert into upstream_bucket (provider, tokens, refilled_at) values (?, ?, ?) on conflict do nothing")) {
            ps.setString(1, provider);
            ps.setDouble(2, Math.max(1, perMinute / 60.0));
            ps.setObject(3, utc(now));
            ps.executeUpdate();
        }
        double tokens;
        Instant refilled;
        Instant pausedUntil;
        try (PreparedStatement ps = c.prepareStatement(
                "select tokens, refilled_at, paused_until from upstream_bucket where provider = ? for update")) {
            ps.setString(1, provider);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                tokens = rs.getDouble("tokens");
                refilled = SqlTimes.instant(rs.getObject("refilled_at", OffsetDateTime.class));
                pausedUntil = SqlTimes.instant(rs.getObject("paused_until", OffsetDateTime.class));
            }
        }
        boolean paused = pausedUntil != null && now.isBefore(pausedUntil);
        // Capacity of a few seconds of traffic: smooth, but a burst after a quiet spell is allowed.
        double capacity = Math.max(1, perMinute / 12.0);
        double elapsedMinutes = Math.max(0, Duration.between(refilled, now).toMillis()) / 60_000.0;
        double available = paused ? 0 : Math.min(capacity, tokens + elapsedMinutes * perMinute);
        int taken = (int) Math.min(wanted, Math.floor(available));
        try (PreparedStatement ps = c.prepareStatement(
                "update upstream_bucket set tokens = ?, refilled_at = ? where provider = ?")) {
            ps.setDouble(1, available - taken);
            ps.setObject(2, utc(paused ? refilled : now));
            ps.setString(3, provider);
            ps.executeUpdate();
        }
        return taken;
    }

    private void giveBack(String provider, int tokens) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update upstream_bucket set tokens = tokens + ? where provider = ?")) {
            ps.setDouble(1, tokens);
            ps.setString(2, provider);
            ps.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
