package io.reelgate.team;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.reelgate.audit.AuditTrail;
import io.reelgate.web.SqlRow;
import io.reelgate.identity.User;
import io.reelgate.web.Tokens;

/**
 * Invitations by email: a single-use link with an expiry. Only the token's SHA-256 is stored; the
 * token itself goes out in the mail (and is shown once to the admin who sent it). Accepting needs a
 * signed-in user whose verified email is the invited address, unless the admin chose "anyone with
 * the link". Resending issues a new token, so an older mail's link stops working.
 */
@ApplicationScoped
public class Invitations {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    /** An invitation as the admin page lists it, read at {@code asOf} (the app clock's now). */
    public record Row(long id, String email, TeamRole role, boolean anyoneWithLink, String invitedBy, Instant createdAt,
            Instant expiresAt, Instant sentAt, int sendCount, Instant acceptedAt, String acceptedBy, Instant revokedAt,
            Instant asOf) {

        public String status() {
            if (acceptedAt != null) {
                return "Accepted";
            }
            if (revokedAt != null) {
                return "Revoked";
            }
            return expiresAt.isBefore(asOf) ? "Expired" : "Pending";
        }

        public boolean pending() {
            return "Pending".equals(status());
        }

        public boolean open() {
            return acceptedAt == null && revokedAt == null;
        }
    }

    /** A freshly issued token: the only time it exists in clear. */
    public record Issued(long id, String email, TeamRole role, boolean anyoneWithLink, String token, Instant expiresAt) {
    }

    /** What the invitee sees before accepting. */
    public record Preview(long id, Team team, String email, TeamRole role, boolean anyoneWithLink, String invitedBy,
            Instant expiresAt) {
    }

    private final EntityManager em;
    private final TeamDirectory teams;
    private final AuditTrail audit;
    private final TeamConfig config;
    private final InstantSource clock;

    Invitations(EntityManager em, TeamDirectory teams, AuditTrail audit, TeamConfig config, InstantSource clock) {
        this.clock = clock;
        this.em = em;
        this.teams = teams;
        this.audit = audit;
        this.config = config;
    }

    /** Normalises and checks an email address; throws {@link ChangeRefused} with a message for the form. */
    public static String email(String text) {
        String email = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (email.isEmpty()) {
            throw new ChangeRefused("Enter the email address to invite.");
        }
        if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw new ChangeRefused("'" + text.trim() + "' is not an email address.");
        }
        return email;
    }

    @Transactional
    public Issued invite(long teamId, String emailText, TeamRole role, boolean anyoneWithLink, long actorId) {
        String email = email(emailText);
        Team team = teams.byId(teamId).orElseThrow(() -> new ChangeRefused("There is no such team."));
        if (team.archived()) {
            throw new ChangeRefused("This team is archived; it takes no new members.");
        }
        Number already = (Number) em.createNativeQuery("""
                select count(*)
                from membership m
                join app_user u on u.id = m.user_id
                where m.team_id = ?1 and lower(u.email) = ?2
                """).setParameter(1, teamId).setParameter(2, email).getSingleResult();
        if (already.longValue() > 0) {
            throw new ChangeRefused(email + " is already a member of this team.");
        }
        Number open = (Number) em.createNativeQuery("""
                select count(*)
                from invitation
                where team_id = ?1 and email = ?2 and accepted_at is null and revoked_at is null and expires_at > now()
                """)
                .setParameter(1, teamId).setParameter(2, email).getSingleResult();
        if (open.longValue() > 0) {
            throw new ChangeRefused(email + " already has an open invitation; resend or revoke it instead.");
        }
        requireQuota(teamId);
        String token = Tokens.newToken();
        Instant expires = clock.instant().plus(config.invitationTtl());
        long id = ((Number) em.createNativeQuery("""
                insert into invitation (team_id, email, role, anyone_with_link, token_hash, invited_by, expires_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                returning id
                """)
                .setParameter(1, teamId).setParameter(2, email).setParameter(3, role.name())
                .setParameter(4, anyoneWithLink).setParameter(5, hash(token)).setParameter(6, actorId)
                .setParameter(7, expires).getSingleResult()).longValue();
        audit.record(teamId, actorId, "invitation.sent", email, null,
                role.label() + (anyoneWithLink ? ", anyone with the link" : ", " + email + " only"));
        return new Issued(id, email, role, anyoneWithLink, token, expires);
    }

    /** Issues a new token and a new expiry for an open invitation; the old link stops working. */
    @Transactional
    public Issued resend(long teamId, long invitationId, long actorId) {
        requireQuota(teamId);
        String token = Tokens.newToken();
        Instant expires = clock.instant().plus(config.invitationTtl());
        List<SqlRow> rows = SqlRow.list(em.createNativeQuery("""
                update invitation set token_hash = ?1, expires_at = ?2
                where id = ?3 and team_id = ?4 and accepted_at is null and revoked_at is null
                returning email, role, anyone_with_link
                """, Tuple.class).setParameter(1, hash(token)).setParameter(2, expires).setParameter(3, invitationId)
                .setParameter(4, teamId));
        if (rows.isEmpty()) {
            throw new ChangeRefused("That invitation was accepted or revoked; invite the person again if needed.");
        }
        SqlRow row = rows.get(0);
        String email = row.string("email");
        audit.record(teamId, actorId, "invitation.resent", email, null, "new link, expires " + expires);
        return new Issued(invitationId, email, TeamRole.valueOf(row.string("role")), row.bool("anyone_with_link"), token,
                expires);
    }

    @Transactional
    public void revoke(long teamId, long invitationId, long actorId) {
        List<?> email = em.createNativeQuery("""
                update invitation
                set revoked_at = now()
                where id = ?1 and team_id = ?2 and accepted_at is null and revoked_at is null
                returning email
                """)
                .setParameter(1, invitationId).setParameter(2, teamId).getResultList();
        if (email.isEmpty()) {
            throw new ChangeRefused("That invitation was already accepted or revoked.");
        }
        audit.record(teamId, actorId, "invitation.revoked", (String) email.get(0), "open", "revoked");
    }

    /**
     * Refuses (429) when the team has sent {@code reelgate.teams.invitations-per-hour} mails in the
     * last hour. Counted from the audit trail's sent and resent rows, which every send writes.
     */
    private void requireQuota(long teamId) {
        Number lastHour = (Number) em.createNativeQuery("""
                select count(*)
                from audit_event
                where team_id = ?1 and action in ('invitation.sent', 'invitation.resent') and created_at > now() -
                    interval '1 hour'
                """)
                .setParameter(1, teamId).getSingleResult();
        if (lastHour.intValue() >= config.invitationsPerHour()) {
            throw new ChangeRefused("This team sent " + config.invitationsPerHour() + " invitations in the last hour, the most "
                    + "allowed. Try again later.", 429);
        }
    }

    /** Records that the mail went out. */
    @Transactional
    public void sent(long invitationId) {
        em.createNativeQuery("update invitation set sent_at = now(), send_count = send_count + 1 where id = ?1")
                .setParameter(1, invitationId).executeUpdate();
    }

    @Transactional
    public List<Row> list(long teamId) {
        return SqlRow.list(em.createNativeQuery("""
                select i.id, i.email, i.role, i.anyone_with_link, coalesce(b.display_name, 'An operator') as invited_by,
                       i.created_at, i.expires_at, i.sent_at, i.send_count, i.accepted_at, a.display_name as accepted_by,
                       i.revoked_at
                from invitation i left join app_user b on b.id = i.invited_by left join app_user a on a.id = i.accepted_by
                where i.team_id = ?1
                order by (i.accepted_at is null and i.revoked_at is null) desc, i.created_at desc limit 100
                """, Tuple.class).setParameter(1, teamId)).stream()
                .map(r -> new Row(r.longValue("id"), r.string("email"), TeamRole.valueOf(r.string("role")),
                        r.bool("anyone_with_link"), r.string("invited_by"), r.instant("created_at"), r.instant("expires_at"),
                        r.instant("sent_at"), r.intValue("send_count"), r.instant("accepted_at"), r.string("accepted_by"),
                        r.instant("revoked_at"), clock.instant())).toList();
    }

    /** The open invitation behind a token; {@link ChangeRefused} says why there is none. */
    @Transactional
    public Preview preview(String token) {
        SqlRow r = find(token, false);
        Team team = Team.findById(r.longValue("team_id"));
        return new Preview(r.longValue("id"), team, r.string("email"), TeamRole.valueOf(r.string("role")),
                r.bool("anyone_with_link"), r.string("invited_by"), r.instant("expires_at"));
    }

    /**
     * Accepts the invitation for this user, once: the token is consumed in the same transaction
     * that adds the membership. Keeps a higher role the user already has.
     */
    @Transactional
    public Team accept(String token, User user) {
        SqlRow r = find(token, true);
        long id = r.longValue("id");
        long teamId = r.longValue("team_id");
        String email = r.string("email");
        TeamRole role = TeamRole.valueOf(r.string("role"));
        boolean anyone = r.bool("anyone_with_link");
        if (!anyone && !(user.emailVerified && user.email != null && user.email.equalsIgnoreCase(email))) {
            throw new ChangeRefused("This invitation is for " + email + ". Sign in with that address (verified by your identity "
                    + "provider), or ask the team admin for a link anyone can use.", 403);
        }
        Team team = Team.findById(teamId);
        if (team.archived()) {
            throw new ChangeRefused("This team is archived; it takes no new members.", 410);
        }
        TeamRole current = teams.members(teamId).stream().filter(m -> m.userId() == user.id).map(Member::role)
                .findFirst().orElse(null);
        if (current == null || (role.isAdmin() && !current.isAdmin())) {
            teams.upsert(teamId, user.id, MembershipSource.APP, role);
        }
        em.createNativeQuery("update invitation set accepted_at = now(), accepted_by = ?1 where id = ?2")
                .setParameter(1, user.id).setParameter(2, id).executeUpdate();
        audit.record(teamId, user.id, "invitation.accepted", email, null, user.displayName + " joined as " + role.label());
        return team;
    }

    private SqlRow find(String token, boolean lock) {
        if (token == null || !Tokens.plausible(token)) {
            throw new ChangeRefused("This invitation link is not valid. Check that you copied all of it.", 404);
        }
        List<SqlRow> rows = SqlRow.list(em.createNativeQuery("""
                select i.id, i.team_id, i.email, i.role, i.anyone_with_link,
                       coalesce(b.display_name, 'An operator') as invited_by, i.expires_at, i.accepted_at, i.revoked_at
                from invitation i left join app_user b on b.id = i.invited_by where i.token_hash = ?1
                """ + (lock ? " for update of i" : ""), Tuple.class).setParameter(1, hash(token)));
        if (rows.isEmpty()) {
            throw new ChangeRefused("This invitation link is not valid. It may have been replaced by a newer mail.", 404);
        }
        SqlRow r = rows.get(0);
        if (!r.isNull("accepted_at")) {
            throw new ChangeRefused("This invitation was already used. Ask the team admin for a new one if you still need to join.", 410);
        }
        if (!r.isNull("revoked_at")) {
            throw new ChangeRefused("This invitation was revoked by the team admin.", 410);
        }
        if (r.instant("expires_at").isBefore(clock.instant())) {
            throw new ChangeRefused("This invitation expired. Ask the team admin to resend it.", 410);
        }
        return r;
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(Tokens.hash(token));
    }

    /** How long an invitation link stays valid (for messages). */
    public Duration ttl() {
        return config.invitationTtl();
    }
}
