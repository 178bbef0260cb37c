package io.reelgate.team;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.reelgate.identity.UserSignedIn;

/**
 * Mirrors the IdP's team groups into IDP-owned memberships at sign-in. App-owned memberships
 * (invitations, admin changes) are never touched; groups naming unknown teams are ignored.
 */
@ApplicationScoped
class IdpMembershipSync {

    private static final Logger LOG = Logger.getLogger(IdpMembershipSync.class);

    private final EntityManager em;
    private final TeamDirectory teams;
    private final TeamConfig config;

    IdpMembershipSync(EntityManager em, TeamDirectory teams, TeamConfig config) {
        this.em = em;
        this.teams = teams;
        this.config = config;
    }

    void onSignIn(@Observes UserSignedIn event) {
        Map<String, TeamRole> wanted = rolesBySlug(event.groups());
        Map<Long, TeamRole> byTeamId = new HashMap<>();
        if (!wanted.isEmpty()) {
            List<Team> known = Team.list("slug in ?1", wanted.keySet());
            known.forEach(t -> byTeamId.put(t.id, wanted.get(t.slug)));
            if (known.size() < wanted.size()) {
                LOG.debugf("User %d has groups for unknown teams: %s", event.userId(), wanted.keySet());
            }
        }
        var delete = em.createQuery("delete from Membership m where m.key.userId = :user and m.key.source = :source"
                + (byTeamId.isEmpty() ? "" : " and m.key.teamId not in :teams"))
                .setParameter("user", event.userId())
                .setParameter("source", MembershipSource.IDP);
        if (!byTeamId.isEmpty()) {
            delete.setParameter("teams", byTeamId.keySet());
        }
        delete.executeUpdate();
        byTeamId.forEach((teamId, role) -> teams.upsert(teamId, event.userId(), MembershipSource.IDP, role));
    }

    /** {@code /teams/acme} ⇒ member of acme; {@code /teams/acme/admins} ⇒ admin of acme. */
    Map<String, TeamRole> rolesBySlug(List<String> groups) {
        Map<String, TeamRole> roles = new HashMap<>();
        for (String group : groups) {
            if (!group.startsWith(config.groupPrefix())) {
                continue;
            }
            String rest = group.substring(config.groupPrefix().length());
            TeamRole role = TeamRole.MEMBER;
            if (rest.endsWith(config.adminGroupSuffix())) {
                rest = rest.substring(0, rest.length() - config.adminGroupSuffix().length());
                role = TeamRole.ADMIN;
            }
            if (!rest.isEmpty() && !rest.contains("/")) {
                roles.merge(rest, role, (a, b) -> a.isAdmin() ? a : b);
            }
        }
        return roles;
    }
}
