package io.reelgate.api;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;

import io.reelgate.audit.AuditTrail;
import io.reelgate.generation.ApiKeyNames;
import io.reelgate.web.SqlRow;
import io.reelgate.team.ChangeRefused;
import io.reelgate.web.Tokens;

/**
 * Team API keys: a member creates keys for a team (a name, an optional expiry); the secret
 * ({@code rg_} + 256 random bits, base64url) is shown once and only its SHA-256 is kept, with a
 * hint to tell keys apart. A key acts as its member in its team, so it stops working the moment
 * the member leaves the team, the key is revoked or expires, or an operator switches the team's
 * keys off. Creating and revoking are audited.
 */
@ApplicationScoped
public class ApiKeys implements ApiKeyNames {

    static final String PREFIX = "rg_";

    /** A key as the keys page lists it. */
    public record Row(long id, String name, String hint, String owner, long ownerId, Instant createdAt, Instant expiresAt,
            Instant revokedAt, Instant lastUsedAt, String lastUsedIp, boolean active) {
    }

    /** A new key and its secret, shown once. */
    public record Issued(long id, String name, String secret) {
    }

    private final EntityManager em;
    private final AuditTrail audit;
    private final ApiConfig config;

    ApiKeys(EntityManager em, AuditTrail audit, ApiConfig config) {
        this.em = em;
        this.audit = audit;
        this.config = config;
    }

    /** Creates a key for the member; {@code validDays} null means it never expires. */
    @Transactional
    public Issued create(long teamId, long userId, String name, Integer validDays) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.length() > 80) {
            throw new ChangeRefused("Give the key a name of 1 to 80 characters, e.g. where it is used.", 400);
        }
        if (validDays != null && (validDays < 1 || validDays > 3650)) {
            throw new ChangeRefused("A key is valid for 1 to 3,650 days, or never expires.", 400);
        }
        long active = ((Number) em.createNativeQuery("""
                select count(*)
                from api_key
                where team_id = ?1 and user_id = ?2 and revoked_at is null and (expires_at is null or expires_at >
                    now())
                """)
                .setParameter(1, teamId).setParameter(2, userId).getSingleResult()).longValue();
        if (active >= config.keysPerMember()) {
            throw new ChangeRefused("You have " + active + " active keys in this team, the most allowed; revoke one first.", 409);
        }
        String secret = PREFIX + Tokens.newToken();
        ApiKey key = new ApiKey();
        key.teamId = teamId;
        key.userId = userId;
        key.name = trimmed;
        key.secretHash = Tokens.hash(secret);
        key.hint = secret.substring(0, PREFIX.length() + 4) + "…" + secret.substring(secret.length() - 4);
        key.createdAt = Instant.now();
        key.expiresAt = validDays == null ? null : key.createdAt.plus(Duration.ofDays(validDays));
        key.persist();
        audit.record(teamId, userId, "api_key.create", trimmed + " (" + key.hint + ")", null,
                validDays == null ? "never expires" : "valid " + validDays + " days");
        return new Issued(key.id, trimmed, secret);
    }

    /** The member's own keys in the team, newest first. */
    @Transactional
    public List<Row> ofMember(long teamId, long userId) {
        return rows(teamId, userId);
    }

    /** Every key of the team, newest first (team admins). */
    @Transactional
    public List<Row> ofTeam(long teamId) {
        return rows(teamId, null);
    }

    private List<Row> rows(long teamId, Long userId) {
        Query query = em.createNativeQuery("""
                select k.id, k.name, k.hint, u.display_name as owner, k.user_id, k.created_at, k.expires_at, k.revoked_at,
                       k.last_used_at, k.last_used_ip
                from api_key k join app_user u on u.id = k.user_id
                where k.team_id = ?1 %s order by k.created_at desc, k.id desc limit 200
                """.formatted(userId == null ? "" : "and k.user_id = ?2"), Tuple.class).setParameter(1, teamId);
        if (userId != null) {
            query.setParameter(2, userId);
        }
        Instant now = Instant.now();
        return SqlRow.list(query).stream().map(r -> {
            Instant expires = r.instant("expires_at");
            Instant revoked = r.instant("revoked_at");
            return new Row(r.longValue("id"), r.string("name"), r.string("hint"), r.string("owner"), r.longValue("user_id"),
                    r.instant("created_at"), expires, revoked, r.instant("last_used_at"), r.string("last_used_ip"),
                    revoked == null && (expires == null || expires.isAfter(now)));
        }).toList();
    }

    /**
     * Revokes a key of the team: its owner may, and so may a team admin; anyone else is told
     * there is no such key. Returns false when it was already off.
     */
    @Transactional
    public boolean revoke(long teamId, long keyId, long actorId, boolean admin) {
        ApiKey key = em.find(ApiKey.class, keyId);
        if (key == null || key.teamId != teamId || !(admin || key.userId == actorId)) {
            throw new ChangeRefused("No such key in this team.", 404);
        }
        if (key.revokedAt != null) {
            return false;
        }
        key.revokedAt = Instant.now();
        key.revokedBy = actorId;
        audit.record(teamId, actorId, "api_key.revoke", key.name + " (" + key.hint + ")", "active", "revoked");
        return true;
    }

    @Override
    @Transactional
    public Map<Long, KeyName> byIds(Collection<Long> keyIds) {
        Map<Long, KeyName> names = new HashMap<>();
        if (keyIds.isEmpty()) {
            return names;
        }
        for (SqlRow r : SqlRow.list(em.createNativeQuery("select id, name, hint from api_key where id = any(?1)", Tuple.class)
                .setParameter(1, keyIds.toArray(Long[]::new)))) {
            names.put(r.longValue("id"), new KeyName(r.string("name"), r.string("hint")));
        }
        return names;
    }

    /**
     * A member who is removed loses their keys in that team for good: re-adding them later does not
     * bring old keys back (the membership check at every request covers removals made at the IdP).
     */
    void onMemberRemoved(@jakarta.enterprise.event.Observes io.reelgate.team.MemberRemoved removed) {
        List<SqlRow> revoked = SqlRow.list(em.createNativeQuery("""
                update api_key set revoked_at = now(), revoked_by = ?3
                where team_id = ?1 and user_id = ?2 and revoked_at is null returning name, hint
                """, Tuple.class).setParameter(1, removed.teamId()).setParameter(2, removed.userId())
                .setParameter(3, removed.actorId()));
        for (SqlRow key : revoked) {
            audit.record(removed.teamId(), removed.actorId(), "api_key.revoke",
                    key.string("name") + " (" + key.string("hint") + ")", "active",
                    "revoked: member removed");
        }
    }

    /** Switches every key of the team off or on again (operators). */
    @Transactional
    public void setTeamKeysDisabled(long teamId, boolean disabled, long actorId) {
        int changed = em.createNativeQuery("update team set api_keys_disabled = ?1 where id = ?2 and api_keys_disabled <> ?1")
                .setParameter(1, disabled).setParameter(2, teamId).executeUpdate();
        if (changed > 0) {
            audit.record(teamId, actorId, "team.api_keys", "API keys", disabled ? "on" : "off", disabled ? "off" : "on");
        }
    }

    @Transactional
    public boolean teamKeysDisabled(long teamId) {
        return Boolean.TRUE.equals(em.createNativeQuery("select api_keys_disabled from team where id = ?1")
                .setParameter(1, teamId).getSingleResult());
    }

    /**
     * The caller a secret stands for, if it is a live key of a current member of a team whose keys
     * are on. One read, outside a transaction (every status poll comes through here); the key's
     * last use is written at most once per {@code last-used-precision}, by {@link #touch}.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Authenticated> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX) || !Tokens.plausible(secret.substring(PREFIX.length()))) {
            return Optional.empty();
        }
        List<SqlRow> rows = SqlRow.list(em.createNativeQuery("""
                select k.id, k.name, k.team_id, k.user_id,
                       k.last_used_at is null or k.last_used_at < now() - make_interval(secs => ?2) as touch_due
                from api_key k join team t on t.id = k.team_id
                where k.secret_hash = ?1 and k.revoked_at is null and (k.expires_at is null or k.expires_at > now())
                  and not t.api_keys_disabled
                  and exists (select 1 from membership m where m.team_id = k.team_id and m.user_id = k.user_id)
                """, Tuple.class).setParameter(1, Tokens.hash(secret))
                .setParameter(2, (double) config.lastUsedPrecision().toSeconds()));
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        SqlRow r = rows.get(0);
        return Optional.of(new Authenticated(new ApiCaller.Identity(r.longValue("id"), r.string("name"),
                r.longValue("team_id"), r.longValue("user_id")), r.bool("touch_due")));
    }

    /** A live key, and whether its last use is old enough to be written again. */
    public record Authenticated(ApiCaller.Identity identity, boolean touchDue) {
    }

    /** Records a key's use: when and from where. */
    @Transactional
    public void touch(long keyId, String ip) {
        em.createNativeQuery("update api_key set last_used_at = now(), last_used_ip = ?2 where id = ?1")
                .setParameter(1, keyId).setParameter(2, ip).executeUpdate();
    }
}
