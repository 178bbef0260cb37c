package io.reelgate.audit;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.reelgate.web.SqlRow;

/**
 * The audit trail: every change an operator or team admin makes, with who, when, the old and the
 * new value. Written in the transaction of the change itself ({@link Transactional.TxType#MANDATORY}),
 * so a change and its audit row exist together or not at all.
 */
@ApplicationScoped
public class AuditTrail {

    /** One recorded change, as shown. */
    public record Entry(long id, Instant at, String actor, String action, String subject, String oldValue,
            String newValue) {
    }

    private final EntityManager em;

    AuditTrail(EntityManager em) {
        this.em = em;
    }

    /**
     * Records a change; does nothing when old and new are equal (a form saved unchanged is no
     * change). {@code teamId} null: a change that concerns no single team.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(Long teamId, long actorId, String action, String subject, Object oldValue, Object newValue) {
        String before = text(oldValue);
        String after = text(newValue);
        if (Objects.equals(before, after)) {
            return;
        }
        em.createNativeQuery("""
                insert into audit_event (team_id, actor_id, action, subject, old_value, new_value)
                values (?1, ?2, ?3, ?4, ?5, ?6)
                """)
                .setParameter(1, teamId)
                .setParameter(2, actorId)
                .setParameter(3, action)
                .setParameter(4, subject)
                .setParameter(5, before)
                .setParameter(6, after)
                .executeUpdate();
    }

    /** The team's most recent changes, newest first. */
    @Transactional
    public List<Entry> recent(long teamId, int limit) {
        return SqlRow.list(em.createNativeQuery("""
                select a.id, a.created_at, coalesce(u.display_name, 'System') as actor, a.action, a.subject, a.old_value,
                       a.new_value
                from audit_event a left join app_user u on u.id = a.actor_id
                where a.team_id = ?1 order by a.id desc limit ?2
                """, Tuple.class).setParameter(1, teamId).setParameter(2, limit)).stream()
                .map(r -> new Entry(r.longValue("id"), r.instant("created_at"), r.string("actor"), r.string("action"),
                        r.string("subject"), r.string("old_value"), r.string("new_value"))).toList();
    }

    /** Changes that concern no single team whose action starts with one of {@code prefixes}, newest first. */
    @Transactional
    public List<Entry> recentGlobal(List<String> prefixes, int limit) {
        StringBuilder like = new StringBuilder();
        for (int i = 0; i < prefixes.size(); i++) {
            like.append(i == 0 ? "" : " or ").append("a.action like ?").append(i + 2);
        }
        var query = em.createNativeQuery("""
                select a.id, a.created_at, coalesce(u.display_name, 'System') as actor, a.action, a.subject, a.old_value,
                       a.new_value
                from audit_event a left join app_user u on u.id = a.actor_id
                where a.team_id is null and (%s) order by a.id desc limit ?1
                """.formatted(like), Tuple.class).setParameter(1, limit);
        for (int i = 0; i < prefixes.size(); i++) {
            query.setParameter(i + 2, prefixes.get(i) + "%");
        }
        return SqlRow.list(query).stream()
                .map(r -> new Entry(r.longValue("id"), r.instant("created_at"), r.string("actor"), r.string("action"),
                        r.string("subject"), r.string("old_value"), r.string("new_value"))).toList();
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        String s = value.toString();
        return s.isBlank() ? null : s;
    }
}
