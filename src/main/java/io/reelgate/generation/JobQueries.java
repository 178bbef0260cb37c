package io.reelgate.generation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;

import io.quarkus.narayana.jta.QuarkusTransaction;

import io.reelgate.provider.Variant;
import io.reelgate.web.SqlRow;

/** Read access to a team's jobs for pages: keyset-paginated lists, one job, stored assets. */
@ApplicationScoped
public class JobQueries {

    /** Which jobs a list shows. */
    public enum StatusFilter {
        ALL(EnumSet.allOf(JobState.class)),
        ACTIVE(EnumSet.of(JobState.ADMITTED, JobState.SUBMITTING, JobState.SUBMITTED, JobState.INGESTING,
                JobState.DERIVING)),
        DONE(EnumSet.of(JobState.COMPLETED)),
        FAILED(EnumSet.of(JobState.FAILED, JobState.CANCELED));

        final Set<JobState> states;

        StatusFilter(Set<JobState> states) {
            this.states = states;
        }

        public static StatusFilter parse(String value) {
            try {
                return value == null || value.isBlank() ? ALL : valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return ALL;
            }
        }

        public String param() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One page of jobs, newest first, and the cursor of the next page (null at the end). */
    public record Page(List<JobView> jobs, String next) {
    }

    private final EntityManager em;
    private final ApiKeyNames keyNames;

    JobQueries(EntityManager em, ApiKeyNames keyNames) {
        this.em = em;
        this.keyNames = keyNames;
    }

    /**
     * Jobs of the team, newest first, after the cursor; {@code memberId} limits them to one member.
     * Keyset pagination on (created_at, id): pages stay stable while new jobs arrive.
     */
    @Transactional
    public Page list(long teamId, Long memberId, StatusFilter filter, String cursor, int limit) {
        StringBuilder jpql = new StringBuilder("from VideoJob j where j.teamId = :team and j.deletedAt is null");
        if (memberId != null) {
            jpql.append(" and j.memberId = :member");
        }
        if (filter != StatusFilter.ALL) {
            jpql.append(" and j.state in :states");
        }
        Cursor after = Cursor.parse(cursor);
        if (after != null) {
            jpql.append(" and (j.createdAt < :at or (j.createdAt = :at and j.id < :id))");
        }
        jpql.append(" order by j.createdAt desc, j.id desc");
        TypedQuery<VideoJob> query = em.createQuery(jpql.toString(), VideoJob.class).setParameter("team", teamId)
                .setMaxResults(limit + 1);
        if (memberId != null) {
            query.setParameter("member", memberId);
        }
        if (filter != StatusFilter.ALL) {
            query.setParameter("states", filter.states);
        }
        if (after != null) {
            query.setParameter("at", after.at()).setParameter("id", after.id());
        }
        List<VideoJob> rows = new ArrayList<>(query.getResultList());
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            VideoJob last = rows.get(limit - 1);
            next = new Cursor(last.createdAt, last.id).encode();
        }
        return new Page(rows.stream().map(JobView::of).toList(), next);
    }

    /** The job, if it belongs to the team and was not deleted. */
    @Transactional
    public Optional<JobView> ofTeam(long teamId, long jobId) {
        return peek(teamId, jobId);
    }

    /**
     * The same in one read without a transaction of its own (a Videos API status poll commits
     * nothing); inside a caller's transaction it reads in that one.
     */
    public Optional<JobView> peek(long teamId, long jobId) {
        return Optional.ofNullable(em.find(VideoJob.class, jobId)).filter(j -> j.teamId == teamId && j.deletedAt == null)
                .map(JobView::of);
    }

    /** The job, whatever its team and even deleted (a storyboard shot's take). */
    @Transactional
    public Optional<JobView> find(long jobId) {
        return Optional.ofNullable(em.find(VideoJob.class, jobId)).map(JobView::of);
    }

    /** The jobs by id, read in one query (a storyboard's takes); ids with no job are left out. */
    @Transactional
    public Map<Long, JobView> byIds(Collection<Long> jobIds) {
        Map<Long, JobView> byId = new HashMap<>();
        if (!jobIds.isEmpty()) {
            VideoJob.<VideoJob>list("id in ?1", jobIds).forEach(j -> byId.put(j.id, JobView.of(j)));
        }
        return byId;
    }

    /**
     * The team's jobs (not deleted) by id, newest first or, with {@code ascending}, oldest first,
     * after the job {@code afterId} (null: from the start), at most {@code limit}: the Videos API's
     * list. Joins the caller's transaction if there is one, else reads without one.
     */
    public List<JobView> byId(long teamId, Long afterId, boolean ascending, int limit) {
        StringBuilder jpql = new StringBuilder("from VideoJob j where j.teamId = :team and j.deletedAt is null");
        if (afterId != null) {
            jpql.append(ascending ? " and j.id > :cursor" : " and j.id < :cursor");
        }
        jpql.append(ascending ? " order by j.id asc" : " order by j.id desc");
        TypedQuery<VideoJob> query = em.createQuery(jpql.toString(), VideoJob.class).setParameter("team", teamId)
                .setMaxResults(limit);
        if (afterId != null) {
            query.setParameter("cursor", afterId);
        }
        return QuarkusTransaction.joiningExisting().call(query::getResultList).stream().map(JobView::of).toList();
    }

    /** The team's videos that continue the job (its extensions, not deleted), oldest first. */
    @Transactional
    public List<JobView> extensionsOf(long teamId, long jobId) {
        return em.createQuery("""
                from VideoJob j
                where j.extendsJobId = :job and j.teamId = :team and j.deletedAt is null
                order by j.id
                """, VideoJob.class)
                .setParameter("job", jobId).setParameter("team", teamId).getResultList().stream().map(JobView::of).toList();
    }

    /** The storyboard's shots still queued or at their provider (not its stitched video), to cancel them. */
    @Transactional
    public List<JobView> runningShots(long storyboardId) {
        return VideoJob.<VideoJob>list("storyboardId = ?1 and reservationId is not null and state in ?2", storyboardId,
                List.of(JobState.ADMITTED, JobState.SUBMITTING, JobState.SUBMITTED)).stream().map(JobView::of).toList();
    }

    @Transactional
    public List<JobTransition> history(long jobId) {
        return JobTransition.history(jobId);
    }

    /** Stored variants of the jobs, by job id and variant. */
    @Transactional
    public Map<Long, Map<Variant, VideoAsset>> assets(Collection<Long> jobIds) {
        Map<Long, Map<Variant, VideoAsset>> byJob = new HashMap<>();
        if (jobIds.isEmpty()) {
            return byJob;
        }
        List<VideoAsset> assets = VideoAsset.list("key.jobId in ?1", jobIds);
        for (VideoAsset a : assets) {
            byJob.computeIfAbsent(a.key.jobId, k -> new HashMap<>()).put(a.variant(), a);
        }
        return byJob;
    }

    /**
     * What a job card needs besides the job: who made it, whether its poster is stored and
     * {@code apiKey}, the name of the API key the video was made with (null: the studio).
     */
    public record CardFacts(String author, boolean hasPoster, String apiKey) {
    }

    /** One stored variant of a job of the team (not deleted), if it exists. */
    @Transactional
    public Optional<VideoAsset> asset(long teamId, long jobId, Variant variant) {
        return ofTeam(teamId, jobId).map(job -> assets(List.of(job.id())).getOrDefault(job.id(), Map.of()).get(variant));
    }

    /** Card facts of the jobs, in one query (authors and posters of a page at once). */
    @Transactional
    public Map<Long, CardFacts> cardFacts(Collection<Long> jobIds) {
        Map<Long, CardFacts> facts = new HashMap<>();
        if (jobIds.isEmpty()) {
            return facts;
        }
        List<SqlRow> rows = SqlRow.list(em.createNativeQuery("""
                select j.id, u.display_name as author,
                       exists (select 1 from video_asset a where a.job_id = j.id and a.variant = 'THUMBNAIL') as has_poster,
                       j.api_key_id
                from video_job j join app_user u on u.id = j.member_id
                where j.id = any(?1)
                """, Tuple.class).setParameter(1, jobIds.toArray(Long[]::new)));
        Map<Long, ApiKeyNames.KeyName> keys = keyNames.byIds(rows.stream().map(JobQueries::apiKeyId)
                .filter(java.util.Objects::nonNull).distinct().toList());
        for (SqlRow r : rows) {
            ApiKeyNames.KeyName key = keys.get(apiKeyId(r));
            facts.put(r.longValue("id"), new CardFacts(r.string("author"), r.bool("has_poster"), key == null ? null : key.name()));
        }
        return facts;
    }

    /** A job as the ledger names it. */
    public record JobRef(long id, String model, String prompt) {
    }

    /** The team's jobs by the reservation they were charged on (for the ledger). */
    @Transactional
    public Map<Long, JobRef> byReservations(long teamId, Collection<Long> reservationIds) {
        Map<Long, JobRef> jobs = new HashMap<>();
        if (reservationIds.isEmpty()) {
            return jobs;
        }
        for (SqlRow r : SqlRow.list(em.createNativeQuery("""
                select j.reservation_id, j.id, j.model, j.prompt from video_job j
                where j.reservation_id = any(?1) and j.team_id = ?2
                """, Tuple.class).setParameter(1, reservationIds.toArray(Long[]::new)).setParameter(2, teamId))) {
            jobs.put(r.longValue("reservation_id"), new JobRef(r.longValue("id"), r.string("model"), r.string("prompt")));
        }
        return jobs;
    }

    private static Long apiKeyId(SqlRow r) {
        return r.isNull("api_key_id") ? null : r.longValue("api_key_id");
    }

    /**
     * The member's prompts blocked by {@code sentinel_block} in the last day, newest first (to tell
     * when rephrasing keeps failing).
     */
    @Transactional
    public List<String> recentSentinelBlocks(long teamId, long memberId) {
        return em.createQuery("""
                select j.prompt
                from VideoJob j
                where j.teamId = :team and j.memberId = :member and j.errorCode = 'sentinel_block' and j.createdAt >
                    :since
                order by j.createdAt desc
                """, String.class)
                .setParameter("team", teamId).setParameter("member", memberId)
                .setParameter("since", Instant.now().minusSeconds(86_400)).setMaxResults(20).getResultList();
    }

    /** A position in a newest-first list (by a time, then id), as it travels in a "more" link. */
    public record Cursor(Instant at, long id) {
        public String encode() {
            return at.toEpochMilli() + "." + at.getNano() % 1_000_000 + "." + id;
        }

        /** The cursor, or null when the text is missing or not one. */
        public static Cursor parse(String text) {
            if (text == null || text.isBlank()) {
                return null;
            }
            String[] parts = text.split("\\.");
            if (parts.length != 3) {
                return null;
            }
            try {
                Instant at = Instant.ofEpochMilli(Long.parseLong(parts[0])).plusNanos(Long.parseLong(parts[1]));
                return new Cursor(at, Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
