package io.reelgate.provider;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

/**
 * Models named once with the routes that sell them ({@code reelgate.routes.models}): Veo 3.1 by
 * Vertex AI, the Gemini API, Replicate, fal.ai, OpenRouter and Runway is one model with six routes,
 * each priced and limited by its own provider's catalog. A route is {@code provider/provider-model};
 * the model's shared facts (its sizes, lengths and sound) are what its routes offer together, and
 * a request takes a route that offers what it asks. Which route, and in which order the others
 * follow, is the model's {@link Policy} (narrowed per team, {@code team/RoutePolicies}); moving a
 * job to the next route is the pipeline's ({@code generation/Rerouting}).
 */
@ApplicationScoped
public class ModelRoutes {

    private static final Logger LOG = Logger.getLogger(ModelRoutes.class);

    /** How a model's route is chosen. */
    public enum Policy {
        /** The first usable route in the operator's order; the others are fallbacks. */
        ORDERED,
        /** The cheapest usable route for the request, by the routes' own prices. */
        CHEAPEST,
        /** One route only, never another. */
        PINNED;

        public String label() {
            return switch (this) {
                case ORDERED -> "preferred, then fallbacks";
                case CHEAPEST -> "cheapest available";
                case PINNED -> "pinned to one route";
            };
        }

        /** {@code ordered}, {@code cheapest} or {@code pinned}, whatever the case; empty otherwise. */
        public static Optional<Policy> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            for (Policy p : values()) {
                if (p.name().equalsIgnoreCase(value.strip())) {
                    return Optional.of(p);
                }
            }
            return Optional.empty();
        }
    }

    /** One provider's model, {@code provider/model}. */
    public record Route(String provider, String model) {

        /** {@code provider/provider-model}: the provider is the part before the first slash. */
        public static Optional<Route> parse(String value) {
            if (value == null) {
                return Optional.empty();
            }
            String v = value.strip();
            int slash = v.indexOf('/');
            if (slash <= 0 || slash == v.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new Route(v.substring(0, slash), v.substring(slash + 1)));
        }

        public String key() {
            return provider + "/" + model;
        }
    }

    /** A model with its routes in the operator's order. */
    public record RoutedModel(String id, String label, Policy policy, List<Route> routes, Route pin) {

        public boolean has(Route route) {
            return routes.contains(route);
        }

        /** The routes the policy allows at all, in order: the pin alone for a pinned model. */
        public List<Route> allowed() {
            return policy == Policy.PINNED ? List.of(pin) : routes;
        }
    }

    private final Map<String, RoutedModel> models = new LinkedHashMap<>();
    private final Map<Route, RoutedModel> byRoute = new LinkedHashMap<>();
    private final Providers providers;

    ModelRoutes(RoutesConfig config, Providers providers) {
        this.providers = providers;
        config.models().forEach((id, m) -> {
            String key = "reelgate.routes.models.\"" + id + "\"";
            if (id.contains("/")) {
                throw new IllegalStateException(key + ": a model id has no slash (that would read as provider/model)");
            }
            Policy policy = Policy.parse(m.policy()).orElseThrow(() -> new IllegalStateException(key + ".policy="
                    + m.policy() + " is not ordered, cheapest or pinned"));
            Set<Route> routes = new LinkedHashSet<>();
            for (String value : m.routes()) {
                Route route = Route.parse(value).orElseThrow(() -> new IllegalStateException(key + ".routes: '" + value
                        + "' is not provider/provider-model"));
                if (providers.find(route.provider()).isEmpty()) {
                    LOG.debugf("Model %s: route %s left out, provider %s is not enabled", id, value, route.provider());
                    continue;
                }
                if (providers.get(route.provider()).catalog().model(route.model()).isEmpty()) {
                    LOG.warnf("Model %s: route %s left out, %s's catalog does not offer %s", id, value,
                            route.provider(), route.model());
                    continue;
                }
                if (byRoute.containsKey(route) || !routes.add(route)) {
                    throw new IllegalStateException(key + ".routes: " + value + " is a route of two models");
                }
            }
            Route pin = m.pin().map(p -> Route.parse(p).orElseThrow(() -> new IllegalStateException(key + ".pin: '"
                    + p + "' is not provider/provider-model"))).orElse(null);
            if (policy == Policy.PINNED && pin == null) {
                throw new IllegalStateException(key + ".policy=pinned needs " + key + ".pin");
            }
            if (pin != null && !routes.contains(pin)) {
                LOG.warnf("Model %s: pinned route %s is not an enabled route; the model is not offered", id, pin.key());
                return;
            }
            if (routes.isEmpty()) {
                LOG.infof("Model %s: no enabled route; not offered", id);
                return;
            }
            List<Route> ordered = List.copyOf(routes);
            String label = m.label().filter(l -> !l.isBlank()).orElseGet(() -> providers.get(ordered.get(0).provider())
                    .catalog().model(ordered.get(0).model()).orElseThrow().label());
            RoutedModel model = new RoutedModel(id, label, policy, ordered, pin);
            models.put(id, model);
            ordered.forEach(r -> byRoute.put(r, model));
        });
    }

    /** Every model with at least one enabled route, in configuration order. */
    public List<RoutedModel> all() {
        return new ArrayList<>(models.values());
    }

    public Optional<RoutedModel> find(String id) {
        return Optional.ofNullable(id == null ? null : models.get(id.strip()));
    }

    /** The model a route belongs to, if it is a route of one. */
    public Optional<RoutedModel> of(String provider, String model) {
        return Optional.ofNullable(byRoute.get(new Route(provider, model)));
    }

    /** The catalog entry of a route (its sizes, lengths and prices), if its provider still offers it. */
    public Optional<ModelCatalog.Model> catalog(Route route) {
        return providers.find(route.provider()).flatMap(p -> p.catalog().model(route.model()));
    }
}
