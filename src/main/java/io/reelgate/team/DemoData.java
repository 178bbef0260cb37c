package io.reelgate.team;

import java.util.List;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.interceptor.Interceptor;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.reelgate.identity.IdentityConfig;

/**
 * Demo teams and people for dev mode ({@code reelgate.demo-data=true}, off elsewhere). The OIDC dev
 * service has no groups claim, so memberships are seeded here, keyed by username, idempotently:
 * a restart adds what is missing and changes nothing else. Seeded before the other demo rows
 * (priority {@code APPLICATION}), such as {@code api/DemoKey}, which name these teams and people.
 */
@ApplicationScoped
class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    record Person(String username, String name) {
    }

    record Seat(String team, String username, TeamRole role) {
    }

    static final List<Person> PEOPLE = List.of(new Person("alice", "Alice"), new Person("bob", "Bob"),
            new Person("carol", "Carol"), new Person("dave", "Dave"), new Person("olivia", "Olivia"));
    static final List<Seat> SEATS = List.of(
            new Seat("acme", "alice", TeamRole.ADMIN),
            new Seat("acme", "bob", TeamRole.MEMBER),
            new Seat("acme", "dave", TeamRole.MEMBER),
            new Seat("globex", "carol", TeamRole.ADMIN),
            new Seat("globex", "dave", TeamRole.MEMBER));

    private final EntityManager em;
    private final IdentityConfig identity;
    private final boolean enabled;

    DemoData(EntityManager em, IdentityConfig identity,
            @ConfigProperty(name = "reelgate.demo-data", defaultValue = "false") boolean enabled) {
        this.em = em;
        this.identity = identity;
        this.enabled = enabled;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION) StartupEvent event) {
        if (enabled) {
            seed();
        }
    }

    @Transactional
    void seed() {
        String issuer = identity.issuer().orElseThrow(() -> new IllegalStateException(
                "reelgate.demo-data needs reelgate.identity.issuer so demo users match the dev IdP's users"));
        int added = 0;
        added += team("acme", "Acme", Tier.PRO, "America/Los_Angeles");
        added += team("globex", "Globex", Tier.PLUS, "Europe/Berlin");
        for (Person p : PEOPLE) {
            added += em.createNativeQuery("""
                    insert into app_user (issuer, subject, username, email, display_name)
                    values (?1, ?2, ?3, ?4, ?5)
                    on conflict (issuer, subject) do nothing
                    """)
                    .setParameter(1, issuer).setParameter(2, p.username())
                    .setParameter(3, p.username() + "@example.com").setParameter(4, p.username() + "@example.com")
                    .setParameter(5, p.name())
                    .executeUpdate();
        }
        for (Seat s : SEATS) {
            added += em.createNativeQuery("""
                    insert into membership (team_id, user_id, source, role)
                    select t.id, u.id, 'APP', ?1
                    from team t, app_user u
                    where t.slug = ?2 and u.issuer = ?3 and u.subject = ?4
                    on conflict do nothing
                    """)
                    .setParameter(1, s.role().name()).setParameter(2, s.team())
                    .setParameter(3, issuer).setParameter(4, s.username())
                    .executeUpdate();
        }
        LOG.infof("Demo data: %d rows added (teams acme and globex; users alice, bob, carol, dave, olivia)", added);
    }

    private int team(String slug, String name, Tier tier, String zone) {
        return em.createNativeQuery("""
                insert into team (slug, name, tier, time_zone)
                values (?1, ?2, ?3, ?4)
                on conflict (slug) do nothing
                """)
                .setParameter(1, slug).setParameter(2, name).setParameter(3, tier.name()).setParameter(4, zone)
                .executeUpdate();
    }
}
