package io.reelgate.gallery;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.reelgate.videos.GalleryConfig;
import io.reelgate.web.SqlTimes;
import io.reelgate.web.SqlRow;
import io.reelgate.web.Tokens;

/**
 * Share links (SPEC §3.6): creation with expiry, password, view limit and download permission;
 * the owner's list with view counts; revocation; and the checks the public page makes. A link is
 * bound to exactly one video; every query here goes through its job.
 */
@ApplicationScoped
public class ShareLinks {

    /** What the creator chose. {@code expiresIn} null: never expires. */
    public record Options(Duration expiresIn, String password, Integer maxViews, boolean allowDownload,
            boolean showPrompt) {
    }

    /** One link as its owners see it, read at {@code asOf} (the app clock's now). */
    public record Link(long id, long jobId, long teamId, String hint, String createdBy, Instant createdAt,
            Instant expiresAt, boolean hasPassword, Integer maxViews, int views, boolean allowDownload,
            boolean showPrompt, Instant firstViewAt, Instant lastViewAt, Instant revokedAt, String passwordHash,
            Instant asOf) {

        public boolean expired() {
            return expiresAt != null && !expiresAt.isAfter(asOf);
        }

        public boolean exhausted() {
            return maxViews != null && views >= maxViews;
        }

        public boolean revoked() {
            return revokedAt != null;
        }

        public boolean live() {
            return !revoked() && !expired() && !exhausted();
        }

        /** In words, for the owner's list. */
        public String status() {
            if (revoked()) {
                return "Revoked";
            }
            if (expired()) {
                return "Expired";
            }
            if (exhausted()) {
                return "View limit reached";
            }
            return "Active";
        }
    }

    /** A new link and its token, which is shown this once. */
    public record Created(Link link, String token) {
    }

    /** What a token leads to. */
    public sealed interface Resolution {
    }

    public record Open(Link link) implements Resolution {
    }

    /** The link existed but can no longer be used. */
    public record Gone(String reason) implements Resolution {
    }

    public record Unknown() implements Resolution {
    }

    /** The outcome of a password try. */
    public enum PasswordCheck {
        OK, WRONG, LOCKED
    }

    private static final String COLUMNS = """
            s.id, s.job_id, s.team_id, s.token_hint, u.display_name as created_by, s.created_at, s.expires_at,
            s.password_hash, s.max_views, s.views, s.allow_download, s.show_prompt, s.first_view_at, s.last_view_at,
            s.revoked_at""";
    private static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);

    private final EntityManager em;
    private final GalleryConfig config;
    private final InstantSource clock;

    ShareLinks(EntityManager em, GalleryConfig config, InstantSource clock) {
        this.clock = clock;
        this.em = em;
        this.config = config;
    }

    @Transactional
    public Created create(long teamId, long jobId, long userId, Options options) {
        String token = Tokens.newToken();
        List<?> ids = em.createNativeQuery("""
                insert into share_link (job_id, team_id, token_hash, token_hint, created_by, expires_at, password_hash,
                    max_views, allow_download, show_prompt)
                select j.id, j.team_id, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10
                from video_job j
                where j.id = ?1 and j.team_id = ?2 and j.deleted_at is null and j.state = 'COMPLETED'
                returning id
                """)
                .setParameter(1, jobId).setParameter(2, teamId)
                .setParameter(3, Tokens.hash(token)).setParameter(4, token.substring(0, 6))
                .setParameter(5, userId)
                .setParameter(6, options.expiresIn() == null ? null
                        : Timestamp.from(clock.instant().plus(options.expiresIn())))
                .setParameter(7, options.password() == null || options.password().isEmpty() ? null
                        : ShareSecrets.hashPassword(options.password()))
                .setParameter(8, options.maxViews())
                .setParameter(9, options.allowDownload()).setParameter(10, options.showPrompt())
                .getResultList();
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("No such video");
        }
        return new Created(byId(((Number) ids.get(0)).longValue()).orElseThrow(), token);
    }

    @Transactional
    public List<Link> forVideo(long teamId, long jobId) {
        return SqlRow.list(em.createNativeQuery("select " + COLUMNS + """
                 from share_link s join app_user u on u.id = s.created_by
                where s.team_id = ?1 and s.job_id = ?2 order by s.created_at desc, s.id desc
                """, Tuple.class).setParameter(1, teamId).setParameter(2, jobId)).stream().map(this::link).toList();
    }

    /** Revokes one link of the video; false when there is no such live link. */
    @Transactional
    public boolean revoke(long teamId, long jobId, long linkId) {
        return em.createNativeQuery("""
                update share_link
                set revoked_at = now()
                where id = ?1 and team_id = ?2 and job_id = ?3 and revoked_at is null
                """).setParameter(1, linkId).setParameter(2, teamId).setParameter(3, jobId)
                .executeUpdate() == 1;
    }

    /** Revokes every link of the video; returns how many were live. */
    @Transactional
    public int revokeAll(long teamId, long jobId) {
        return em.createNativeQuery("""
                update share_link
                set revoked_at = now()
                where team_id = ?1 and job_id = ?2 and revoked_at is null
                """).setParameter(1, teamId).setParameter(2, jobId).executeUpdate();
    }

    /** What the token opens: the link if it can still be used, why not if it existed, or nothing. */
    @Transactional
    public Resolution resolve(String token) {
        if (!Tokens.plausible(token)) {
            return new Unknown();
        }
        List<SqlRow> rows = SqlRow.list(em.createNativeQuery("select " + COLUMNS + """
                , j.deleted_at as video_deleted_at
                from share_link s join app_user u on u.id = s.created_by join video_job j on j.id = s.job_id
                where s.token_hash = ?1
                """, Tuple.class).setParameter(1, Tokens.hash(token)));
        if (rows.isEmpty()) {
            return new Unknown();
        }
        Link link = link(rows.get(0));
        if (!rows.get(0).isNull("video_deleted_at")) {
            return new Gone("The video was deleted by its team.");
        }
        if (link.revoked()) {
            return new Gone("The person who shared it has turned this link off.");
        }
        if (link.expired()) {
            return new Gone("This link expired on " + io.reelgate.web.Formats.date(link.expiresAt()) + ".");
        }
        return new Open(link);
    }

    /**
     * Counts one view, atomically with the limit: false when the link ran out (or was revoked or
     * expired) in the meantime.
     */
    @Transactional
    public boolean recordView(long linkId) {
        return em.createNativeQuery("""
                update share_link
                set views = views + 1, first_view_at = coalesce(first_view_at, now()), last_view_at = now()
                where id = ?1 and revoked_at is null and (expires_at is null or expires_at > now()) and (max_views is
                    null or views < max_views)
                """).setParameter(1, linkId).executeUpdate() == 1;
    }

    /**
     * Checks a password try. More than the configured number of wrong tries within 15 minutes
     * locks the link's password form until the window passes (the right password too).
     */
    @Transactional
    public PasswordCheck checkPassword(long linkId, String password) {
        List<SqlRow> rows = SqlRow.list(em.createNativeQuery(
                "select password_hash, password_failures, failure_window_at from share_link where id = ?1 for update",
                Tuple.class).setParameter(1, linkId));
        if (rows.isEmpty()) {
            return PasswordCheck.WRONG;
        }
        String hash = rows.get(0).string("password_hash");
        int failures = rows.get(0).intValue("password_failures");
        Instant windowAt = rows.get(0).instant("failure_window_at");
        boolean windowOpen = windowAt != null && windowAt.plus(FAILURE_WINDOW).isAfter(clock.instant());
        if (windowOpen && failures >= config.sharePasswordAttempts()) {
            return PasswordCheck.LOCKED;
        }
        if (ShareSecrets.passwordMatches(password, hash)) {
            String upgraded = ShareSecrets.needsUpgrade(hash) ? ShareSecrets.hashPassword(password) : hash;
            em.createNativeQuery("""
                    update share_link
                    set password_failures = 0, failure_window_at = null, password_hash = ?2
                    where id = ?1
                    """).setParameter(1, linkId).setParameter(2, upgraded).executeUpdate();
            return PasswordCheck.OK;
        }
        if (windowOpen) {
            em.createNativeQuery("update share_link set password_failures = password_failures + 1 where id = ?1")
                    .setParameter(1, linkId).executeUpdate();
        } else {
            em.createNativeQuery("update share_link set password_failures = 1, failure_window_at = ?2 where id = ?1")
                    .setParameter(1, linkId).setParameter(2, java.sql.Timestamp.from(clock.instant())).executeUpdate();
        }
        return PasswordCheck.WRONG;
    }

    /** Minutes until a locked password form opens again (at least 1). */
    @Transactional
    public long lockedMinutes(long linkId) {
        Object at = em.createNativeQuery("select failure_window_at from share_link where id = ?1").setParameter(1, linkId)
                .getSingleResult();
        Instant windowAt = SqlTimes.instant(at);
        if (windowAt == null) {
            return 1;
        }
        return Math.max(1, Duration.between(clock.instant(), windowAt.plus(FAILURE_WINDOW)).toMinutes() + 1);
    }

    Optional<Link> byId(long id) {
        return SqlRow.list(em.createNativeQuery("select " + COLUMNS
                + " from share_link s join app_user u on u.id = s.created_by where s.id = ?1", Tuple.class)
                .setParameter(1, id)).stream().findFirst().map(this::link);
    }

    private Link link(SqlRow r) {
        return new Link(r.longValue("id"), r.longValue("job_id"), r.longValue("team_id"), r.string("token_hint"),
                r.string("created_by"), r.instant("created_at"), r.instant("expires_at"), !r.isNull("password_hash"),
                r.nullableInt("max_views"), r.intValue("views"), r.bool("allow_download"), r.bool("show_prompt"),
                r.instant("first_view_at"), r.instant("last_view_at"), r.instant("revoked_at"), r.string("password_hash"),
                clock.instant());
    }
}
