package io.reelgate.provider;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Models sold by several providers, named once with their routes ({@link ModelRoutes}), and the
 * rules for moving a job from one route to the next.
 */
@ConfigMapping(prefix = "reelgate.routes")
public interface RoutesConfig {

    /**
     * {@code reelgate.routes.models."<id>".*}: one model under the id teams and the API use (e.g.
     * {@code veo-3.1}), with its routes. Every catalog model no route names stays a model of its own
     * ({@code provider/model}), exactly as before.
     */
    Map<String, RoutedModel> models();

    /**
     * {@code reelgate.routes.max-wait}: the longest a job may wait for a route's upstream limit
     * (the organisation's requests per minute at that provider, or its 429 pause) before it takes
     * the next route. Default 60 s.
     */
    @WithDefault("60S")
    Duration maxWait();

    /** The circuit breaker of each route. */
    Breaker breaker();

    interface RoutedModel {
        /** {@code .label}: what the menus say, e.g. "Veo 3.1"; default: the first route's catalog label. */
        Optional<String> label();

        /**
         * {@code .routes}: the routes in the operator's order of preference, each
         * {@code provider/provider-model} (e.g. {@code vertex/veo-3.1-generate-001},
         * {@code replicate/google/veo-3.1}). Routes of providers that are not enabled are left out;
         * a model without an enabled route is not offered.
         */
        List<String> routes();

        /**
         * {@code .policy}: {@code ordered} (the first usable route, the others as fallbacks; default),
         * {@code cheapest} (the cheapest usable route for the request) or {@code pinned} (only
         * {@code .pin}, never another). A team admin may narrow it for the team.
         */
        @WithDefault("ordered")
        String policy();

        /** {@code .pin}: the one route of a {@code pinned} model ({@code provider/provider-model}). */
        Optional<String> pin();
    }

    interface Breaker {
        /**
         * {@code reelgate.routes.breaker.failures}: consecutive transport errors and 5xx answers to
         * creates after which a route opens (new jobs take another route). Default 3.
         */
        @WithDefault("3")
        int failures();

        /**
         * {@code reelgate.routes.breaker.open-for}: how long an open route is passed over; then one
         * job tries it (half open): success closes it, a failure opens it again. Default 60 s.
         */
        @WithDefault("60S")
        Duration openFor();
    }
}
