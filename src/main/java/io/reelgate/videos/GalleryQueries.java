package io.reelgate.videos;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import io.reelgate.generation.ApiKeyNames;
import io.reelgate.generation.JobQueries.Cursor;
import io.reelgate.web.SqlRow;

/**
 * The gallery's reads: one SQL query per page with every filter, the author's name, the member's
 * favourite flag and which assets exist. Keyset pagination on (finished_at, id) over a partial
 * index, so a page costs the same at 100,000 videos as at 1,000, and videos that arrive while
 * someone scrolls never shift or repeat the pages after the first.
 */
@ApplicationScoped
public class GalleryQueries {

    /** Which videos by outcome. */
    public enum Outcome {
        COMPLETED("j.state = 'COMPLETED'"), FAILED("j.state = 'FAILED'"), ALL("j.state in ('COMPLETED', 'FAILED')");

        final String sql;

        Outcome(String sql) {
            this.sql = sql;
        }

        public static Outcome parse(String value) {
            if (value == null || value.isBlank()) {
                return COMPLETED;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                return COMPLETED;
            }
        }

        public String param() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The filters of one gallery request (already validated). */
    public record Filter(String search, String model, Long memberId, LocalDate from, LocalDate to, Outcome outcome,
            boolean favourites) {
    }

    /** One card; {@code apiKey} names the API key it was made with (null: made in the studio). */
    public record Item(long id, String prompt, String model, String size, int seconds, String author, long authorId,
            Instant finishedAt, String state, String errorCode, boolean favourite, boolean hasPoster,
            boolean hasSprite, String apiKey) {

        public boolean completed() {
            return "COMPLETED".equals(state);
        }

        public int width() {
            return dimension(0, 16);
        }

        public int height() {
            return dimension(1, 9);
        }

        private int dimension(int index, int fallback) {
            String[] parts = size.split("x");
            try {
                return Integer.parseInt(parts[index]);
            } catch (RuntimeException e) {
                return fallback;
            }
        }
    }

    /** One page and the cursor of the next (null at the end). */
    public record Page(List<Item> items, String next) {
    }

    private final EntityManager em;
    private final ApiKeyNames keyNames;

    GalleryQueries(EntityManager em, ApiKeyNames keyNames) {
        this.em = em;
        this.keyNames = keyNames;
    }

    @Transactional
    public Page page(long teamId, long viewerId, Filter filter, ZoneId zone, String cursor, int limit) {
        // The page is chosen first (index order, LIMIT), then decorated: flags and names are looked
        // up for its few rows only, never planned as a hash over every asset of the team.
        StringBuilder sql = new StringBuilder("""
                select p.id, p.prompt, p.model, p.size, p.seconds, u.display_name as author, u.id as author_id,
                       p.finished_at, p.state, p.error_code,
                       exists (select 1 from video_favourite f where f.user_id = :viewer and f.job_id = p.id) as favourite,
                       exists (select 1 from video_asset a where a.job_id = p.id and a.variant = 'THUMBNAIL') as has_poster,
                       exists (select 1 from video_asset a where a.job_id = p.id and a.variant = 'SPRITESHEET') as has_sprite,
                       p.api_key_id
                from (select j.id, j.prompt, j.model, j.size, coalesce(j.actual_seconds, j.seconds) as seconds,
                             j.member_id, j.finished_at, j.state, j.error_code, j.api_key_id from\s""");
        boolean rareWords = filter.search() != null && rare(teamId, filter.search());
        // Words found in few prompts: match them through the GIN index first and sort what matched
        // ("offset 0" keeps the planner from walking the date index hoping to meet 25 matches soon).
        sql.append(rareWords ? "(select * from video_job j where " : "video_job j where ");
        // a storyboard's shots are on its page; the gallery shows the stitched video
        sql.append("j.team_id = :team and j.deleted_at is null and (j.storyboard_id is null or j.reservation_id is null) and ")
                .append(filter.outcome().sql);
        if (filter.model() != null) {
            sql.append(" and j.model = :model");
        }
        if (filter.memberId() != null) {
            sql.append(" and j.member_id = :member");
        }
        if (filter.from() != null) {
            sql.append(" and j.finished_at >= :from");
        }
        if (filter.to() != null) {
            sql.append(" and j.finished_at < :to");
        }
        if (filter.search() != null) {
            sql.append(" and j.search @@ websearch_to_tsquery('english', :search)");
        }
        if (filter.favourites()) {
            sql.append(" and exists (select 1 from video_favourite f where f.user_id = :viewer and f.job_id = j.id)");
        }
        Cursor after = Cursor.parse(cursor);
        if (after != null) {
            sql.append(" and (j.finished_at, j.id) < (:at, :id)");
        }
        if (rareWords) {
            sql.append(" offset 0) j");
        }
        sql.append(" order by j.finished_at desc, j.id desc limit :limit) p join app_user u on u.id = p.member_id "
                + "order by p.finished_at desc, p.id desc");
        Query query = em.createNativeQuery(sql.toString(), Tuple.class).setParameter("team", teamId).setParameter("viewer", viewerId)
                .setParameter("limit", limit + 1);
        if (filter.model() != null) {
            query.setParameter("model", filter.model());
        }
        if (filter.memberId() != null) {
            query.setParameter("member", filter.memberId());
        }
        if (filter.from() != null) {
            query.setParameter("from", Timestamp.from(filter.from().atStartOfDay(zone).toInstant()));
        }
        if (filter.to() != null) {
            query.setParameter("to", Timestamp.from(filter.to().plusDays(1).atStartOfDay(zone).toInstant()));
        }
        if (filter.search() != null) {
            query.setParameter("search", filter.search());
        }
        if (after != null) {
            query.setParameter("at", Timestamp.from(after.at())).setParameter("id", after.id());
        }
        List<SqlRow> rows = SqlRow.list(query);
        Map<Long, ApiKeyNames.KeyName> keys = keyNames.byIds(rows.stream().filter(r -> !r.isNull("api_key_id"))
                .map(r -> r.longValue("api_key_id")).distinct().toList());
        List<Item> items = new ArrayList<>();
        for (SqlRow r : rows) {
            ApiKeyNames.KeyName key = r.isNull("api_key_id") ? null : keys.get(r.longValue("api_key_id"));
            items.add(new Item(r.longValue("id"), r.string("prompt"), r.string("model"), r.string("size"),
                    r.intValue("seconds"), r.string("author"), r.longValue("author_id"), r.instant("finished_at"),
                    r.string("state"), r.string("error_code"), r.bool("favourite"), r.bool("has_poster"),
                    r.bool("has_sprite"), key == null ? null : key.name()));
        }
        String next = null;
        if (items.size() > limit) {
            items = items.subList(0, limit);
            Item last = items.get(limit - 1);
            next = new Cursor(last.finishedAt(), last.id()).encode();
        }
        return new Page(items, next);
    }

    /** Matches at which walking the date index and filtering stops being the cheaper plan. */
    static final int RARE = 200;

    /**
     * Whether the search matches fewer than {@value #RARE} of the team's prompts. The planner's
     * estimate for words outside its statistics is a flat guess, so for 100,000 prompts it walked
     * the whole date index for a word found twice (130 ms); this probe reads the GIN index and stops
     * at {@value #RARE} matches.
     */
    private boolean rare(long teamId, String search) {
        long matches = ((Number) em.createNativeQuery("""
                select count(*)
                from (select 1 from video_job j where j.team_id = ?1 and j.search @@ websearch_to_tsquery('english', ?2)
                    limit ?3) m
                """)
                .setParameter(1, teamId).setParameter(2, search).setParameter(3, RARE).getSingleResult()).longValue();
        return matches < RARE;
    }

    /** Stars or unstars a video of the team for the member; returns the new state. */
    @Transactional
    public boolean setFavourite(long teamId, long userId, long jobId, boolean favourite) {
        if (favourite) {
            int inserted = em.createNativeQuery("""
                    insert into video_favourite (user_id, job_id)
                    select ?1, j.id
                    from video_job j
                    where j.id = ?2 and j.team_id = ?3 and j.deleted_at is null
                    on conflict do nothing
                    """)
                    .setParameter(1, userId).setParameter(2, jobId).setParameter(3, teamId).executeUpdate();
            return inserted == 1 || isFavourite(userId, jobId);
        }
        em.createNativeQuery("delete from video_favourite where user_id = ?1 and job_id = ?2")
                .setParameter(1, userId).setParameter(2, jobId).executeUpdate();
        return false;
    }

    @Transactional
    public boolean isFavourite(long userId, long jobId) {
        return !em.createNativeQuery("select 1 from video_favourite where user_id = ?1 and job_id = ?2")
                .setParameter(1, userId).setParameter(2, jobId).getResultList().isEmpty();
    }

    /**
     * Which of the candidate models (the catalogs' few) appear in the team's gallery, for the filter:
     * one index probe per candidate instead of a distinct over every video.
     */
    @Transactional
    public List<String> models(long teamId, List<String> candidates) {
        @SuppressWarnings("unchecked")
        List<String> models = em.createNativeQuery("""
                select m
                from unnest(cast(?1 as text[])) m
                where exists (select 1 from video_job j where j.team_id = ?2 and j.model = m and j.deleted_at is null
                    and j.state in ('COMPLETED', 'FAILED'))
                order by m
                """)
                .setParameter(1, candidates.toArray(String[]::new)).setParameter(2, teamId).getResultList();
        return models;
    }
}
