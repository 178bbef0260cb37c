package io.reelgate.team;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.reelgate.audit.AuditTrail;
import io.reelgate.identity.User;

/**
 * Role changes and removals by team admins and operators. Each runs in one transaction that first
 * locks the team row, so two admins demoting each other at once cannot leave the team without an
 * admin: the second one sees the first one's change and is refused.
 */
@ApplicationScoped
public class MemberAdmin {

    private final EntityManager em;
    private final TeamDirectory teams;
    private final AuditTrail audit;

    private final Event<MemberRemoved> removed;

    MemberAdmin(EntityManager em, TeamDirectory teams, AuditTrail audit, Event<MemberRemoved> removed) {
        this.em = em;
        this.teams = teams;
        this.audit = audit;
        this.removed = removed;
    }

    /** Gives the member this role. Refused for IdP-granted admin rights and for the last admin. */
    @Transactional
    public void changeRole(long teamId, long userId, TeamRole role, long actorId) {
        lockTeam(teamId);
        Member member = member(teamId, userId);
        if (member.role() == role) {
            return;
        }
        if (role == TeamRole.MEMBER) {
            if (idpRole(teamId, userId) == TeamRole.ADMIN) {
                throw new ChangeRefused(name(userId) + " is an admin through your identity provider's groups; "
                        + "remove them from the admin group there.");
            }
            requireAnotherAdmin(teamId, userId, "demote");
        }
        teams.upsert(teamId, userId, MembershipSource.APP, role);
        audit.record(teamId, actorId, "member.role", name(userId), member.role().label(), role.label());
    }

    /** Removes the member's app-granted membership. Refused for IdP-granted ones and for the last admin. */
    @Transactional
    public void remove(long teamId, long userId, long actorId) {
        lockTeam(teamId);
        Member member = member(teamId, userId);
        if (idpRole(teamId, userId) != null) {
            throw new ChangeRefused(name(userId) + " is in this team through your identity provider's groups; "
                    + "remove them from the group there.");
        }
        if (member.role().isAdmin()) {
            requireAnotherAdmin(teamId, userId, "remove");
        }
        em.createNativeQuery("delete from membership where team_id = ?1 and user_id = ?2 and source = 'APP'")
                .setParameter(1, teamId).setParameter(2, userId).executeUpdate();
        audit.record(teamId, actorId, "member.removed", name(userId), member.role().label(), null);
        removed.fire(new MemberRemoved(teamId, userId, actorId));
    }

    void lockTeam(long teamId) {
        List<?> found = em.createNativeQuery("select id from team where id = ?1 for update").setParameter(1, teamId)
                .getResultList();
        if (found.isEmpty()) {
            throw new ChangeRefused("There is no such team.");
        }
    }

    private Member member(long teamId, long userId) {
        return teams.members(teamId).stream().filter(m -> m.userId() == userId).findFirst()
                .orElseThrow(() -> new ChangeRefused("That person is not a member of this team."));
    }

    private TeamRole idpRole(long teamId, long userId) {
        List<?> roles = em.createNativeQuery("select role from membership where team_id = ?1 and user_id = ?2 and source = 'IDP'")
                .setParameter(1, teamId).setParameter(2, userId).getResultList();
        return roles.isEmpty() ? null : TeamRole.valueOf((String) roles.get(0));
    }

    private void requireAnotherAdmin(long teamId, long userId, String verb) {
        Number others = (Number) em.createNativeQuery("""
                select count(distinct user_id)
                from membership
                where team_id = ?1 and role = 'ADMIN' and user_id <> ?2
                """)
                .setParameter(1, teamId).setParameter(2, userId).getSingleResult();
        if (others.longValue() == 0) {
            throw new ChangeRefused("You cannot " + verb + " the team's last admin. Make someone else an admin first.");
        }
    }

    private static String name(long userId) {
        User user = User.findById(userId);
        return user == null ? "user " + userId : user.displayName;
    }
}
