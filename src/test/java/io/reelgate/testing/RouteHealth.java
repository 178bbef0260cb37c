package io.reelgate.testing;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Every route healthy again: no simulator faults, no circuit breaker state, no upstream pause. Tests
 * that take a route down call it before and after, so no other test meets their broken route.
 */
@ApplicationScoped
public class RouteHealth {

    private final EntityManager em;

    RouteHealth(EntityManager em) {
        this.em = em;
    }

    public void restore() {
        ProviderRuns.faults(Map.of());
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("delete from route_breaker").executeUpdate());
        List<?> paused = QuarkusTransaction.requiringNew().call(() -> em.createNativeQuery(
                "select provider from upstream_bucket where paused_until is not null").getResultList());
        for (Object provider : paused) { // one row per transaction: dispatchers lock these rows too, in their order
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                    "update upstream_bucket set paused_until = null where provider = ?1").setParameter(1, provider)
                    .executeUpdate());
        }
    }
}
