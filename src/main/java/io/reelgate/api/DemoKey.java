package io.reelgate.api;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.reelgate.identity.IdentityConfig;
import io.reelgate.web.Tokens;

/**
 * Alice's API key in acme, for trying the Videos API in dev mode (docs/api.md): seeded with the
 * demo data ({@code reelgate.demo-data=true}, which production never loads), after
 * {@code team/DemoData} has made the team and the user, idempotently.
 */
@ApplicationScoped
class DemoKey {

    private static final Logger LOG = Logger.getLogger(DemoKey.class);

    static final String DEV_API_KEY = "rg_alice-acme-dev-key-000000000000000000000000";

    private final EntityManager em;
    private final IdentityConfig identity;
    private final boolean enabled;

    DemoKey(EntityManager em, IdentityConfig identity,
            @ConfigProperty(name = "reelgate.demo-data", defaultValue = "false") boolean enabled) {
        this.em = em;
        this.identity = identity;
        this.enabled = enabled;
    }

    void onStart(@Observes @Priority(Interceptor.Priority.APPLICATION + 100) StartupEvent event) {
        if (enabled) {
            seed();
        }
    }

    @Transactional
    void seed() {
        int added = em.createNativeQuery("""
                insert into api_key (team_id, user_id, name, secret_hash, hint)
                select t.id, u.id, 'dev mode (docs/api.md)', ?1, ?2
                from team t, app_user u
                where t.slug = 'acme' and u.issuer = ?3 and u.subject = 'alice'
                on conflict (secret_hash) do nothing
                """)
                .setParameter(1, Tokens.hash(DEV_API_KEY))
                .setParameter(2, DEV_API_KEY.substring(0, 7) + "…" + DEV_API_KEY.substring(DEV_API_KEY.length() - 4))
                .setParameter(3, identity.issuer().orElseThrow()).executeUpdate();
        LOG.infof("Demo data: API key %s (%d row added)", DEV_API_KEY, added);
    }
}
