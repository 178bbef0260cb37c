package io.reelgate.testing;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;

/** Test data through the app's own services; every name is unique so tests never see each other's data. */
@ApplicationScoped
public class Fixtures {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 100_000, 36);

    private final TeamDirectory teams;
    private final EntityManager em;

    Fixtures(TeamDirectory teams, EntityManager em) {
        this.teams = teams;
        this.em = em;
    }

    /** A name no other test uses, e.g. {@code erin-k3-7}. */
    public static String unique(String prefix) {
        return prefix + "-" + RUN + "-" + SEQUENCE.incrementAndGet();
    }

    public Team team(String prefix, Tier tier) {
        String slug = unique(prefix);
        return teams.create(slug, prefix.substring(0, 1).toUpperCase() + prefix.substring(1) + " " + slug, tier,
                "America/Los_Angeles");
    }

    /** The app's id of a user who has signed in (sessions provision users). */
    @Transactional
    public long userId(Session session) {
        return em.createQuery("select u.id from User u where u.subject = :s", Long.class)
                .setParameter("s", session.username()).getSingleResult();
    }

    /** The user as stored now (read in its own transaction, so never a stale copy). */
    @Transactional
    public io.reelgate.identity.User user(Session session) {
        return io.reelgate.identity.User.find("subject", session.username()).firstResult();
    }

    public void member(Team team, Session session, TeamRole role) {
        teams.putMember(team.id, userId(session), role);
    }

    /** Gives the team its own rate limits. */
    public void teamsCustomLimits(long teamId, int perMinute, int perDay) {
        teams.setCustomLimits(teamId, perMinute, perDay);
    }

    /** A user who never signed in (for service-level tests); returns the id. */
    @Transactional
    public long person(String prefix) {
        String subject = unique(prefix);
        return ((Number) em.createNativeQuery("insert into app_user (issuer, subject, username, email, display_name) "
                + "values ('test', ?1, ?1, ?2, ?1) returning id")
                .setParameter(1, subject).setParameter(2, subject + "@example.com").getSingleResult()).longValue();
    }

    /** A team member who never signed in; returns the user id. */
    public long personIn(Team team, String prefix, TeamRole role) {
        long id = person(prefix);
        teams.putMember(team.id, id, role);
        return id;
    }

    /** Signs a new user in and makes them a member of the team. */
    public Session memberOf(Team team, String prefix, TeamRole role) {
        Session session = Login.as(unique(prefix));
        member(team, session, role);
        return session;
    }
}
