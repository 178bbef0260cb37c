package io.reelgate.ops;

import java.time.Duration;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.reelgate.admin.RouteSettings;
import io.reelgate.budget.Money;
import io.reelgate.provider.ModelRoutes;
import io.reelgate.provider.ModelRoutes.Route;
import io.reelgate.provider.Providers;
import io.reelgate.provider.RouteBreakers;
import io.reelgate.web.SqlRow;

/**
 * The operator's view of models sold by several providers: per model its policy, and per route its
 * circuit breaker (shared by every instance, {@link RouteBreakers}) with the jobs and spend of the
 * last 24 hours of business time — jobs on the route (its provider and model) created or finished
 * in that window, spend the sum of their charges.
 */
@ApplicationScoped
public class RouteHealth {

    static final Duration WINDOW = Duration.ofHours(24);

    /** One model with its routes in the operator's order. */
    public record ModelRow(String id, String label, String policy, List<RouteRow> routes) {
    }

    /** One route now: its breaker ({@code breaker} null: it has never failed nor succeeded) and its last 24 h. */
    public record RouteRow(String key, String providerLabel, boolean pinned, RouteBreakers.Status breaker, long jobs,
            String spent) {

        public RouteBreakers.State state() {
            return breaker == null ? RouteBreakers.State.CLOSED : breaker.state();
        }

        public int failures() {
            return breaker == null ? 0 : breaker.failures();
        }

        /** The last create's error on this route, or null. */
        public String lastError() {
            return breaker == null ? null : breaker.lastError();
        }
    }

    private final ModelRoutes routes;
    private final RouteBreakers breakers;
    private final Providers providers;
    private final EntityManager em;
    private final InstantSource clock;
    private final RouteSettings settings;

    RouteHealth(ModelRoutes routes, RouteBreakers breakers, Providers providers, EntityManager em, InstantSource clock,
            RouteSettings settings) {
        this.settings = settings;
        this.routes = routes;
        this.breakers = breakers;
        this.providers = providers;
        this.em = em;
        this.clock = clock;
    }

    /** Every model with several routes, in configuration order. */
    @Transactional
    public List<ModelRow> models() {
        Map<String, RouteBreakers.Status> health = breakers.all();
        Map<String, long[]> recent = new HashMap<>();
        // the jobs Reelgate routed (asked as the model: model_id set, held by the partial index); a job that named
        // provider/model itself is that provider's own job, as before routes
        SqlRow.list(em.createNativeQuery("""
                select provider, model, count(*) as jobs, coalesce(sum(charged_micros), 0) as spent_micros
                from video_job
                where model_id is not null and (created_at >= ?1 or finished_at >= ?1)
                group by provider, model
                """, Tuple.class).setParameter(1, OffsetDateTime.ofInstant(clock.instant().minus(WINDOW), ZoneOffset.UTC)))
                .forEach(r -> recent.put(r.string("provider") + "/" + r.string("model"),
                        new long[] { r.longValue("jobs"), r.longValue("spent_micros") }));
        List<ModelRow> out = new ArrayList<>();
        for (ModelRoutes.RoutedModel m : routes.all()) {
            List<RouteRow> rows = new ArrayList<>();
            for (Route r : m.routes()) {
                long[] last = recent.getOrDefault(r.key(), new long[2]);
                rows.add(new RouteRow(r.key(), providers.label(r.provider()), r.equals(m.pin()), health.get(r.key()),
                        last[0], Money.ofMicros(last[1]).display()));
            }
            out.add(new ModelRow(m.id(), m.label(), settings.operatorPolicy(m), rows));
        }
        return out;
    }
}
