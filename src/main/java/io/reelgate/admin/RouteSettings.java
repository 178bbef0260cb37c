package io.reelgate.admin;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import io.reelgate.audit.AuditTrail;
import io.reelgate.budget.Money;
import io.reelgate.generation.RoutePlanner;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ModelRoutes;
import io.reelgate.provider.ModelRoutes.Policy;
import io.reelgate.provider.ModelRoutes.Route;
import io.reelgate.provider.ModelRoutes.RoutedModel;
import io.reelgate.provider.Providers;
import io.reelgate.provider.RouteBreakers;
import io.reelgate.team.RoutePolicies;
import io.reelgate.team.RoutePolicies.TeamPolicy;
import io.reelgate.team.TeamDirectory;

/**
 * The team admin's side of models sold by several providers ({@code /t/{team}/admin/routes}): per
 * model the team may use, the operator's policy, the team's own (the operator's, preferred then
 * fallbacks, cheapest available, or pinned to one route) and the routes the team may not use. A
 * change is checked whole against the operator's routes and allow-list, then stored
 * ({@link RoutePolicies}) with its audit rows in one transaction; with any problem nothing is written.
 */
@ApplicationScoped
public class RouteSettings {

    /** The form's choice that follows the operator (stored as no row, or as a row without a policy, with exclusions). */
    public static final String OPERATOR = "OPERATOR";

    /** One model's form as posted: {@code choice} OPERATOR or a {@link Policy}; {@code routes} the ticked "may use" boxes. */
    public record Form(String model, String choice, String pin, List<String> routes) {
        public Form {
            routes = routes == null ? List.of() : List.copyOf(routes);
        }
    }

    /** A route as the card lists it: price at its cheapest size and its breaker's state now. */
    public record RouteRow(String key, String providerLabel, String price, RouteBreakers.State state, int failures,
            Instant openUntil, boolean mayUse, boolean pinned, boolean now) {

        /** The id of the route's controls, unique on the page. */
        public String id(String modelId) {
            return (modelId + "-" + key).replaceAll("[^A-Za-z0-9_-]", "-");
        }
    }

    /** One model's card: the operator's policy, the team's choice (stored or as typed) and problems by field. */
    public record Card(String id, String label, String operatorPolicy, boolean operatorPinned, String choice, String pin,
            List<RouteRow> routes, String nowLabel, Map<String, String> errors) {

        /** The id of the card's controls, unique on the page. */
        public String anchor() {
            return "model-" + id.replaceAll("[^A-Za-z0-9_-]", "-");
        }
    }

    private final ModelRoutes models;
    private final RoutePlanner planner;
    private final RoutePolicies policies;
    private final RouteBreakers breakers;
    private final Providers providers;
    private final TeamDirectory teams;
    private final AuditTrail audit;

    RouteSettings(ModelRoutes models, RoutePlanner planner, RoutePolicies policies, RouteBreakers breakers,
            Providers providers, TeamDirectory teams, AuditTrail audit) {
        this.models = models;
        this.planner = planner;
        this.policies = policies;
        this.breakers = breakers;
        this.providers = providers;
        this.teams = teams;
        this.audit = audit;
    }

    /** Every model with several routes the team may use, as stored. */
    public List<Card> cards(long teamId) {
        return cards(teamId, null, Map.of());
    }

    /** The cards with {@code typed}'s model shown as typed, with its problems. */
    public List<Card> cards(long teamId, Form typed, Map<String, String> errors) {
        Set<String> allowed = teams.allowedModels(teamId);
        Map<String, TeamPolicy> own = policies.all(teamId);
        Map<String, RouteBreakers.Status> health = breakers.all();
        List<Card> out = new ArrayList<>();
        for (RoutedModel m : models.all()) {
            List<Route> permitted = permitted(allowed, m);
            if (permitted.isEmpty()) {
                continue;
            }
            boolean asTyped = typed != null && m.id().equals(typed.model());
            String choice;
            String pin;
            Set<String> mayUse = new LinkedHashSet<>();
            if (asTyped) {
                choice = typed.choice();
                pin = typed.pin();
                mayUse.addAll(typed.routes());
            } else {
                TeamPolicy p = m.policy() == Policy.PINNED ? null : own.get(m.id());
                choice = p == null || p.policy() == null ? OPERATOR : p.policy();
                pin = p == null ? null : p.pin();
                permitted.stream().map(Route::key).filter(k -> p == null || !p.excludes(k)).forEach(mayUse::add);
            }
            RoutePlanner.Offer offer = planner.offer(teamId, m);
            String effectivePin = m.policy() == Policy.PINNED ? m.pin().key() : OPERATOR.equals(choice) ? null : pin;
            List<RouteRow> rows = permitted.stream().map(r -> {
                RouteBreakers.Status s = health.get(r.key());
                return new RouteRow(r.key(), providers.label(r.provider()), price(r),
                        s == null ? RouteBreakers.State.CLOSED : s.state(), s == null ? 0 : s.failures(),
                        s == null ? null : s.openUntil(), mayUse.contains(r.key()), r.key().equals(effectivePin),
                        r.equals(offer.now()));
            }).toList();
            out.add(new Card(m.id(), m.label(), operatorPolicy(m), m.policy() == Policy.PINNED, choice, pin, rows,
                    offer.nowLabel(), asTyped ? errors : Map.of()));
        }
        return out;
    }

    /**
     * Saves one model's form; returns the problems by field ({@code model}, {@code policy},
     * {@code pin}, {@code routes}), empty when saved. Each changed value leaves an audit row.
     */
    @Transactional
    public Map<String, String> save(long teamId, long actorId, Form form) {
        Map<String, String> errors = new LinkedHashMap<>();
        Optional<RoutedModel> found = models.find(form.model());
        List<Route> permitted = found.map(m -> permitted(teams.allowedModels(teamId), m)).orElse(List.of());
        if (found.isEmpty() || permitted.isEmpty()) {
            errors.put("model", "Your team has no model '" + (form.model() == null ? "" : form.model().strip())
                    + "' sold by several providers; choose one of the models listed on this page.");
            return errors;
        }
        RoutedModel model = found.get();
        String choice = form.choice() == null ? "" : form.choice().strip().toUpperCase(Locale.ROOT);
        Optional<Policy> policy = Policy.parse(choice);
        if (!OPERATOR.equals(choice) && policy.isEmpty()) {
            errors.put("policy", "Choose the operator's policy, preferred then fallbacks, cheapest available, or pinned "
                    + "to one route.");
        }
        Set<String> ticked = new LinkedHashSet<>();
        for (String value : form.routes()) {
            Optional<Route> route = Route.parse(value).filter(permitted::contains);
            if (route.isEmpty()) {
                errors.put("routes", "'" + value + "' is not a route of " + model.label() + " your team may use.");
            } else {
                ticked.add(route.get().key());
            }
        }
        Set<String> excluded = new LinkedHashSet<>();
        permitted.stream().map(Route::key).filter(k -> !ticked.contains(k)).forEach(excluded::add);
        if (!errors.containsKey("routes") && ticked.isEmpty()) {
            errors.put("routes", "Tick at least one route: with none, nobody in the team could make " + model.label()
                    + " videos.");
        }
        if (model.policy() == Policy.PINNED && (!OPERATOR.equals(choice) || !excluded.isEmpty())) {
            errors.put("policy", "The operator pinned " + model.label() + " to " + providers.label(model.pin().provider())
                    + "; a team cannot choose another policy or leave out routes. Ask your Reelgate operator.");
        }
        String pin = null;
        if (policy.orElse(null) == Policy.PINNED && !errors.containsKey("policy")) {
            Optional<Route> chosen = Route.parse(form.pin()).filter(permitted::contains);
            if (chosen.isEmpty()) {
                errors.put("pin", "Choose the route to pin " + model.label() + " to, one of the routes listed.");
            } else if (excluded.contains(chosen.get().key())) {
                errors.put("pin", providers.label(chosen.get().provider()) + " is not ticked as a route your team may "
                        + "use; pin a ticked route, or tick this one.");
            } else {
                pin = chosen.get().key();
            }
        }
        if (!errors.isEmpty()) {
            return errors;
        }
        Optional<TeamPolicy> before = policies.find(teamId, model.id());
        if (OPERATOR.equals(choice) && excluded.isEmpty()) {
            policies.reset(teamId, model.id());
        } else {
            String stored = OPERATOR.equals(choice) ? null : choice; // null: the operator's, whatever it becomes
            policies.save(teamId, new TeamPolicy(model.id(), stored, pin, excluded));
        }
        Optional<TeamPolicy> after = policies.find(teamId, model.id());
        audit.record(teamId, actorId, "routes.policy", "Route policy of " + model.label(), describe(model, before),
                describe(model, after));
        audit.record(teamId, actorId, "routes.excluded", "Routes of " + model.label() + " left out",
                excludedText(before), excludedText(after));
        return Map.of();
    }

    /** The routes of the model the operator lets the team use, in the operator's order. */
    private static List<Route> permitted(Set<String> allowed, RoutedModel m) {
        return m.routes().stream().filter(r -> TeamDirectory.allows(allowed, r.provider(), r.model())).toList();
    }

    /** The operator's policy of the model as people read it: "Preferred, then fallbacks", "Pinned to Vertex AI". */
    public String operatorPolicy(RoutedModel m) {
        return m.policy() == Policy.PINNED ? "Pinned to " + providers.label(m.pin().provider())
                : capitalized(m.policy().label());
    }

    private String describe(RoutedModel m, Optional<TeamPolicy> p) {
        if (p.isEmpty() || p.get().policy() == null) {
            return "Operator's policy (" + operatorPolicy(m).toLowerCase(Locale.ROOT) + ")";
        }
        Policy policy = Policy.parse(p.get().policy()).orElseThrow();
        return policy == Policy.PINNED ? "Pinned to " + routeLabel(p.get().pin()) : capitalized(policy.label());
    }

    private String excludedText(Optional<TeamPolicy> p) {
        return p.map(TeamPolicy::excluded).filter(e -> !e.isEmpty())
                .map(e -> String.join(", ", e.stream().sorted().map(this::routeLabel).toList())).orElse("None");
    }

    /** "Vertex AI (vertex/veo-3.1-generate-001)". */
    private String routeLabel(String key) {
        return Route.parse(key).map(r -> providers.label(r.provider()) + " (" + key + ")").orElse(key);
    }

    /**
     * "$0.40/s at 720p": the route's lowest unit price at its smallest size of that price, or "no
     * price listed" when its provider's catalog no longer offers the model.
     */
    private String price(Route route) {
        return models.catalog(route).flatMap(m -> m.dimensions().stream().filter(d -> m.unitPrices().containsKey(d.size()))
                .min(Comparator.<ModelCatalog.Dimensions>comparingLong(d -> m.unitPrices().get(d.size()))
                        .thenComparingLong(d -> (long) d.width() * d.height()))
                .map(d -> Money.ofMicros(m.unitPrices().get(d.size())).display() + "/" + m.unit() + " at "
                        + (d.resolution() == null ? d.size() : d.resolution())))
                .orElse("no price listed");
    }

    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
