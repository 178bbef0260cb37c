package io.reelgate.provider;

import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.reelgate.web.SqlRow;

/**
 * A circuit breaker per route ({@code provider/model}), shared by every instance in table
 * {@code route_breaker}: consecutive transport errors and 5xx answers to creates open it
 * ({@code reelgate.routes.breaker.failures}); while open, new jobs take another route; after
 * {@code open-for} one job may try it (half open, {@link #tryOnce}): a success closes it, a failure
 * opens it again. Written in transactions of their own, so a job's rollback never hides what the
 * provider did. Business time ({@link InstantSource}), so tests open and close it without waiting.
 */
@ApplicationScoped
public class RouteBreakers {

    /** Where a route stands. */
    public enum State {
        CLOSED, OPEN, HALF_OPEN;

        public String label() {
            return switch (this) {
                case CLOSED -> "closed";
                case OPEN -> "open";
                case HALF_OPEN -> "half open (trying one job)";
            };
        }
    }

    /** A route's breaker for the operator console. */
    public record Status(String route, State state, int failures, Instant openUntil, Instant lastFailure,
            String lastError, Instant lastSuccess) {
    }

    private final EntityManager em;
    private final RoutesConfig config;
    private final InstantSource clock;

    RouteBreakers(EntityManager em, RoutesConfig config, InstantSource clock) {
        this.em = em;
        this.config = config;
        this.clock = clock;
    }

    /** Every route's breaker that has seen a failure or a success. */
    public Map<String, Status> all() {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Status> out = new TreeMap<>();
            for (SqlRow r : SqlRow.list(em.createNativeQuery("""
                    select route, failures, open_until, last_failure_at, last_error, last_success_at from route_breaker
                    """, Tuple.class))) {
                Instant openUntil = r.instant("open_until");
                State state = openUntil == null ? State.CLOSED : openUntil.isAfter(now) ? State.OPEN : State.HALF_OPEN;
                out.put(r.string("route"), new Status(r.string("route"), state, r.intValue("failures"), openUntil,
                        r.instant("last_failure_at"), r.string("last_error"), r.instant("last_success_at")));
            }
            return out;
        });
    }

    /** The route's state now (closed when it has no row). */
    public State state(String route) {
        Status s = all().get(route);
        return s == null ? State.CLOSED : s.state();
    }

    /**
     * Whether a job may take this route now: closed, or half open and this job is the one that
     * tries it (the trial is taken atomically, so two instances do not both try).
     */
    public boolean tryOnce(String route) {
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            SqlRow row = SqlRow.list(em.createNativeQuery("select open_until from route_breaker where route = ?1",
                    Tuple.class).setParameter(1, route)).stream().findFirst().orElse(null);
            if (row == null || row.isNull("open_until")) {
                return true;
            }
            return em.createNativeQuery("""
                    update route_breaker set open_until = ?2 where route = ?1 and open_until <= ?3
                    """).setParameter(1, route).setParameter(2, utc(now.plus(config.breaker().openFor())))
                    .setParameter(3, utc(now)).executeUpdate() == 1;
        });
    }

    /** A create on this route was answered: the route works. */
    public void succeeded(String route) {
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into route_breaker (route, failures, open_until, last_success_at) values (?1, 0, null, ?2)
                on conflict (route) do update set failures = 0, open_until = null, last_success_at = excluded.last_success_at
                """).setParameter(1, route).setParameter(2, utc(now)).executeUpdate());
    }

    /**
     * A create on this route met a transport error or a 5xx: one more consecutive failure; the
     * route opens at the threshold, and again at once when it was being tried (half open).
     */
    public void failed(String route, String error) {
        Instant now = clock.instant();
        String detail = error == null ? null : error.length() > 300 ? error.substring(0, 300) : error;
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                insert into route_breaker (route, failures, open_until, last_failure_at, last_error)
                values (?1, 1, case when ?4 <= 1 then cast(?3 as timestamptz) end, ?2, ?5)
                on conflict (route) do update set failures = route_breaker.failures + 1,
                    open_until = case when route_breaker.open_until is not null or route_breaker.failures + 1 >= ?4
                                      then cast(?3 as timestamptz) end,
                    last_failure_at = excluded.last_failure_at, last_error = excluded.last_error
                """).setParameter(1, route).setParameter(2, utc(now))
                .setParameter(3, utc(now.plus(config.breaker().openFor()))).setParameter(4, config.breaker().failures())
                .setParameter(5, detail).executeUpdate());
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
