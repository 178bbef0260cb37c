package io.reelgate.team;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.reelgate.identity.IdentityConfig;
import io.reelgate.web.Tokens;

/**
 * Demo teams and people for dev mode ({@code reelgate.demo-data=true}, off elsewhere). The OIDC dev
 * service has no groups claim, so memberships are seeded here, keyed by username, idempotently:
 * a restart adds what is missing and changes nothing else.
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

    /**
     * Alice's API key in acme, for trying the Videos API in dev mode (docs/api.md). Only ever
     * inserted with the demo data, which production never loads.
     */
    static final String DEV_API_KEY = "rg_alice-acme-dev-key-000000000000000000000000";

    private final EntityManager em;
    private final IdentityConfig identity;
    private final boolean enabled;

    DemoData(EntityManager em, IdentityConfig identity,
            @ConfigProperty(name = "reelgate.demo-data", defaultValue = "false") boolean enabled) {
        this.em = em;
        this.identity = identity;
        this.enabled = enabled;
    }

    void onStart(@Observes StartupEvent event) {
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
        added += em.createNativeQuery("""
                insert into api_key (team_id, user_id, name, secret_hash, hint)
                select t.id, u.id, 'dev mode (docs/api.md)', ?1, ?2
                from team t, app_user u
                where t.slug = 'acme' and u.issuer = ?3 and u.subject = 'alice'
                on conflict (secret_hash) do nothing
                """)
                .setParameter(1, Tokens.hash(DEV_API_KEY))
                .setParameter(2, DEV_API_KEY.substring(0, 7) + "…" + DEV_API_KEY.substring(DEV_API_KEY.length() - 4))
                .setParameter(3, issuer).executeUpdate();
        LOG.infof("Demo data: %d rows added (teams acme and globex; users alice, bob, carol, dave, olivia; API key %s)", added,
                DEV_API_KEY);
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
