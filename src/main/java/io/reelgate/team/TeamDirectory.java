package io.reelgate.team;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.reelgate.identity.User;
import io.reelgate.identity.UserDirectory;

/** Teams and memberships: who is in which team, with which effective role. */
@ApplicationScoped
public class TeamDirectory {

    private final EntityManager em;
    private final UserDirectory users;

    TeamDirectory(EntityManager em, UserDirectory users) {
        this.em = em;
        this.users = users;
    }

    /** The user's teams, by name, each with the highest role any source grants. */
    public List<TeamMembership> teamsOf(long userId) {
        List<TeamMembership> rows = em.createQuery("""
                select new io.reelgate.team.TeamMembership(t, m.role) from Team t, Membership m
                where m.key.teamId = t.id and m.key.userId = :user order by lower(t.name), t.id
                """, TeamMembership.class).setParameter("user", userId).getResultList();
        Map<Long, TeamMembership> byTeam = new LinkedHashMap<>();
        for (TeamMembership row : rows) {
            byTeam.merge(row.team().id, row, (a, b) -> a.role().isAdmin() ? a : b);
        }
        return new ArrayList<>(byTeam.values());
    }

    /** The user's membership in the team with this slug; empty when either does not exist. */
    public Optional<TeamMembership> membership(String slug, long userId) {
        List<TeamMembership> rows = em.createQuery("""
                select new io.reelgate.team.TeamMembership(t, m.role) from Team t, Membership m
                where t.slug = :slug and m.key.teamId = t.id and m.key.userId = :user
                """, TeamMembership.class).setParameter("slug", slug).setParameter("user", userId).getResultList();
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        boolean admin = rows.stream().anyMatch(r -> r.role() == TeamRole.ADMIN);
        return Optional.of(new TeamMembership(rows.get(0).team(), admin ? TeamRole.ADMIN : TeamRole.MEMBER));
    }

    /** Everyone in the team, each once, with the effective role and the earliest join time. */
    public List<Member> members(long teamId) {
        List<Membership> rows = Membership.list("key.teamId = ?1 order by createdAt", teamId);
        Map<Long, Member> byUser = new LinkedHashMap<>();
        for (Membership m : rows) {
            Member row = new Member(m.key.userId, m.role, m.key.source == MembershipSource.IDP, m.createdAt);
            byUser.merge(m.key.userId, row, (a, b) -> new Member(a.userId(),
                    a.role().isAdmin() || b.role().isAdmin() ? TeamRole.ADMIN : TeamRole.MEMBER,
                    a.fromIdp() || b.fromIdp(), a.since().isBefore(b.since()) ? a.since() : b.since()));
        }
        return new ArrayList<>(byUser.values());
    }

    /** A member with what pages show of them. */
    public record Person(long userId, String name, String email, String initials, TeamRole role, boolean fromIdp,
            Instant since) {
    }

    /** Everyone in the team as pages list them: admins first, then by name. */
    public List<Person> people(long teamId) {
        List<Member> members = members(teamId);
        Map<Long, User> people = users.byIds(members.stream().map(Member::userId).toList());
        return members.stream().map(m -> {
            User u = people.get(m.userId());
            return new Person(m.userId(), u.displayName, u.email, u.initials(), m.role(), m.fromIdp(), m.since());
        }).sorted(java.util.Comparator.comparing((Person p) -> !p.role().isAdmin())
                .thenComparing(p -> p.name().toLowerCase(java.util.Locale.ROOT))).toList();
    }

    public Optional<Team> byId(long id) {
        return Team.findByIdOptional(id);
    }

    public Optional<Team> bySlug(String slug) {
        return Team.findBySlug(slug);
    }

    /** Creates a team. The slug must be free and well-formed (the database enforces both). */
    @Transactional
    public Team create(String slug, String name, Tier tier, String timeZone) {
        Team team = new Team();
        team.slug = slug;
        team.name = name;
        team.tier = tier;
        team.timeZone = timeZone;
        team.createdAt = Instant.now();
        team.persist();
        return team;
    }

    /** Sets (or with nulls, clears) a team's own rate limits, which replace its tier's. */
    @Transactional
    public void setCustomLimits(long teamId, Integer perMinute, Integer perDay) {
        Team team = Team.findById(teamId);
        if (team == null) {
            throw new IllegalArgumentException("No team " + teamId);
        }
        if ((perMinute != null && (perMinute < 1 || perMinute > 100_000)) || (perDay != null && (perDay < 1 || perDay > 10_000_000))) {
            throw new IllegalArgumentException("Limits must be between 1 and 100,000 per minute and 1 and 10,000,000 per day.");
        }
        team.customRequestsPerMinute = perMinute;
        team.customRequestsPerDay = perDay;
    }

    /**
     * The {@code provider/model} pairs the team may use, or null when an operator has not
     * restricted it (every model of the catalogs).
     */
    @Transactional
    public java.util.Set<String> allowedModels(long teamId) {
        List<?> rows = em.createNativeQuery("""
                select array_to_string(allowed_models, chr(10))
                from team
                where id = ?1 and allowed_models is not null
                """).setParameter(1, teamId).getResultList();
        if (rows.isEmpty()) {
            return null;
        }
        String joined = (String) rows.get(0);
        return joined.isEmpty() ? java.util.Set.of() : new java.util.TreeSet<>(List.of(joined.split("\n")));
    }

    /**
     * Whether an allow-list ({@link #allowedModels}; null: everything) lets a team use a provider's
     * model: listed itself ({@code provider/model}) or with its whole provider ({@code provider/*}).
     * The one rule: admission, the model menu, the route planner and the route page ask it. A route
     * of a model with several is allowed the same way, route by route.
     */
    public static boolean allows(java.util.Set<String> allowed, String provider, String model) {
        return allowed == null || allowed.contains(provider + "/" + model) || allowed.contains(provider + "/*");
    }

    /** Adds an app-owned membership, or changes its role when it exists. */
    @Transactional
    public void putMember(long teamId, long userId, TeamRole role) {
        upsert(teamId, userId, MembershipSource.APP, role);
    }

    void upsert(long teamId, long userId, MembershipSource source, TeamRole role) {
        em.createNativeQuery("""
                insert into membership (team_id, user_id, source, role)
                values (?1, ?2, ?3, ?4)
                on conflict (team_id, user_id, source) do update
                set role = excluded.role
                """)
                .setParameter(1, teamId)
                .setParameter(2, userId)
                .setParameter(3, source.name())
                .setParameter(4, role.name())
                .executeUpdate();
    }
}
