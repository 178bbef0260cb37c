package io.reelgate.generation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.budget.PriceBook;
import io.reelgate.generation.GenerationService.Refused;
import io.reelgate.generation.GenerationService.Request;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ModelRoutes;
import io.reelgate.provider.ModelRoutes.Policy;
import io.reelgate.provider.ModelRoutes.Route;
import io.reelgate.provider.ModelRoutes.RoutedModel;
import io.reelgate.provider.Providers;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.RouteBreakers;
import io.reelgate.provider.RoutesConfig;
import io.reelgate.team.RoutePolicies;
import io.reelgate.team.TeamDirectory;

/**
 * Which route a job of a model sold by several providers takes, and which come next: the routes
 * the team may use (the operator's allow-list, the admin's exclusions and policy), that can make
 * this request (sizes, lengths, images, the provider's own refusals), ordered by the policy —
 * the operator's order, the cheapest price for this request, or one pinned route — with the
 * healthy ones first: a route whose circuit breaker is open, or whose upstream limit would hold the
 * job longer than {@code reelgate.routes.max-wait}, is used only when no other can take the job.
 */
@ApplicationScoped
public class RoutePlanner {

    /** A route that can take the request: its quote, and whether it is healthy now (else why not). */
    public record Option(Route route, String providerLabel, PriceBook.Quote quote, String unhealthy) {
        public boolean healthy() {
            return unhealthy == null;
        }
    }

    /**
     * The routes in the order a job tries them ({@code options}, healthy first) and, for people, why
     * the others cannot take it ({@code passed}).
     */
    public record Plan(RoutedModel model, Policy policy, List<Option> options, List<String> passed) {

        public Optional<Option> first() {
            return options.stream().findFirst();
        }

        public Optional<Option> firstHealthy() {
            return options.stream().filter(Option::healthy).findFirst();
        }

        /** Why no route can take the request, in one paragraph. */
        public String refusal() {
            return model.label() + " cannot be made with these settings on any route your team may use: "
                    + String.join("; ", passed) + ".";
        }
    }

    /** A model as a menu shows it: the policy, the routes the team may use, and the route it would take now. */
    public record Offer(RoutedModel model, Policy policy, List<Route> routes, Route now, String nowLabel,
            Map<Route, String> unhealthy) {
    }

    /**
     * Where a request goes: on its route ({@code request} names the route's provider and model), the
     * model it was asked as ({@code modelId}, null when it has one provider) and why that route
     * ({@code reason}); or why no route can take it ({@code refused}).
     */
    public record Chosen(Request request, String modelId, String reason, Refused refused) {
    }

    /** The reason of a route the request named itself ({@code provider/model}): the job never moves. */
    public static final String PINNED = "pinned";

    private final ModelRoutes routes;
    private final Providers providers;
    private final RoutesConfig config;
    private final RouteBreakers breakers;
    private final RoutePolicies policies;
    private final TeamDirectory teams;
    private final PriceBook prices;
    private final SubmitChecks checks;
    private final DataSource dataSource;

    RoutePlanner(ModelRoutes routes, Providers providers, RoutesConfig config,
            RouteBreakers breakers, RoutePolicies policies, TeamDirectory teams, PriceBook prices, SubmitChecks checks,
            DataSource dataSource) {
        this.routes = routes;
        this.providers = providers;
        this.config = config;
        this.breakers = breakers;
        this.policies = policies;
        this.teams = teams;
        this.prices = prices;
        this.checks = checks;
        this.dataSource = dataSource;
    }

    /**
     * The plan for a request of {@code model}, leaving out routes already {@code tried}. With
     * {@code takeTrial}, a half-open route that would come first is tried by this job (at most one
     * job at a time does).
     */
    public Plan plan(long teamId, RoutedModel model, Request request, String prompt, Set<Route> tried,
            boolean takeTrial) {
        Team team = team(teamId);
        Policy policy = team.policy(model);
        List<String> passed = new ArrayList<>();
        List<Option> capable = new ArrayList<>();
        for (Route route : permitted(team, model, policy, passed)) {
            if (tried.contains(route)) {
                continue;
            }
            String label = providers.label(route.provider());
            PriceBook.Quote quote = prices.quote(route.provider(), route.model(), request.size(), request.seconds(),
                    request.audio());
            if (!quote.valid()) {
                passed.add(label + ": " + quote.problem().message());
                continue;
            }
            Optional<Refused> unable = checks.provider(route.provider(), request.onRoute(route.provider(), route.model()),
                    prompt);
            if (unable.isPresent()) {
                passed.add(label + ": " + unable.get().message());
                continue;
            }
            capable.add(new Option(route, label, quote, null));
        }
        if (policy == Policy.CHEAPEST) {
            capable.sort(Comparator.comparingLong(o -> o.quote().cost().micros())); // stable: ties keep the operator's order
        }
        Health health = health(capable.stream().map(Option::route).toList());
        List<Option> healthy = new ArrayList<>();
        List<Option> unhealthy = new ArrayList<>();
        for (Option o : capable) {
            String why = health.unhealthy(o.route(), healthy.isEmpty() && takeTrial);
            (why == null ? healthy : unhealthy).add(why == null ? o : new Option(o.route(), o.providerLabel(), o.quote(),
                    why));
        }
        healthy.addAll(unhealthy);
        return new Plan(model, policy, List.copyOf(healthy), List.copyOf(passed));
    }

    /**
     * The route a new request takes: for a model with routes (asked without a provider) the first
     * of its plan; a provider's model as asked (or the default provider's) otherwise — also where it
     * is a route of a model with several: asked that way, it is pinned, a job like any other.
     */
    Chosen choose(Request request, String prompt) {
        Optional<RoutedModel> routed = request.provider() == null || request.provider().isBlank()
                ? routes.find(request.model()) : Optional.empty();
        if (routed.isPresent()) {
            Plan plan = plan(request.teamId(), routed.get(), request, prompt, Set.of(), true);
            if (plan.first().isEmpty()) {
                return new Chosen(request, null, null, new Refused("model", plan.refusal(), null));
            }
            Option option = plan.first().get();
            return new Chosen(request.onRoute(option.route().provider(), option.route().model()), routed.get().id(),
                    reason(plan, option), null);
        }
        String named = request.provider() == null || request.provider().isBlank() ? providers.defaultName()
                : request.provider();
        return new Chosen(request.onRoute(named, request.model()), null, PINNED, null);
    }

    /** Why a job of a model with several routes took its first route. */
    private static String reason(Plan plan, Option option) {
        if (!option.healthy()) {
            return "the only route left (" + option.unhealthy() + ")";
        }
        return switch (plan.policy()) {
            case CHEAPEST -> "cheapest";
            case PINNED -> PINNED;
            case ORDERED -> plan.options().stream().filter(o -> !o.healthy())
                    .filter(o -> plan.model().routes().indexOf(o.route()) < plan.model().routes().indexOf(option.route()))
                    .findFirst().map(o -> "fallback (" + o.unhealthy() + ")").orElse("preferred");
        };
    }

    /**
     * What a menu shows for each model with routes: the routes the team may use and the one a job
     * would take now. Reads the team's settings and the routes' health once for all of them.
     */
    public List<Offer> offers(long teamId) {
        Team team = team(teamId);
        List<Offer> out = new ArrayList<>();
        List<RoutedModel> models = routes.all();
        Health health = health(models.stream().flatMap(m -> m.routes().stream()).toList());
        for (RoutedModel model : models) {
            Policy policy = team.policy(model);
            List<Route> permitted = permitted(team, model, policy, new ArrayList<>());
            Map<Route, String> unhealthy = new HashMap<>();
            for (Route r : permitted) {
                String why = health.unhealthy(r, false);
                if (why != null) {
                    unhealthy.put(r, why);
                }
            }
            List<Route> order = new ArrayList<>(permitted);
            if (policy == Policy.CHEAPEST) {
                order.sort(Comparator.comparingLong(r -> routes.catalog(r).map(ModelCatalog.Model::cheapestMicrosPerUnit)
                        .orElse(Long.MAX_VALUE)));
            }
            Route now = order.stream().filter(r -> !unhealthy.containsKey(r)).findFirst()
                    .orElse(order.isEmpty() ? null : order.get(0));
            out.add(new Offer(model, policy, List.copyOf(permitted), now,
                    now == null ? null : providers.label(now.provider()), Map.copyOf(unhealthy)));
        }
        return out;
    }

    /**
     * Every route of every model that should not take a job now, with why (breaker open, upstream
     * wait over the limit): the sweep's one read of the routes' health. No half-open trial is taken.
     */
    public Map<Route, String> unhealthyRoutes() {
        List<Route> all = routes.all().stream().flatMap(m -> m.routes().stream()).toList();
        Health health = health(all);
        Map<Route, String> out = new HashMap<>();
        for (Route r : all) {
            String why = health.unhealthy(r, false);
            if (why != null) {
                out.put(r, why);
            }
        }
        return out;
    }

    /** The menu's view of one model: {@link #offers} narrowed to it. */
    public Offer offer(long teamId, RoutedModel model) {
        return offers(teamId).stream().filter(o -> o.model().id().equals(model.id())).findFirst().orElseThrow();
    }

    /** The operator's policy, narrowed by the team's admin (an operator's pin stays a pin). */
    public Policy policy(long teamId, RoutedModel model) {
        return team(teamId).policy(model);
    }

    /** What a team decided about routes: the operator's allow-list (null: all) and its admin's policies. */
    private record Team(Set<String> allowed, Map<String, RoutePolicies.TeamPolicy> own) {

        Policy policy(RoutedModel model) {
            if (model.policy() == Policy.PINNED) {
                return Policy.PINNED;
            }
            return Optional.ofNullable(own.get(model.id())).flatMap(p -> Policy.parse(p.policy())).orElse(model.policy());
        }

        Optional<RoutePolicies.TeamPolicy> of(RoutedModel model) {
            return model.policy() == Policy.PINNED ? Optional.empty() : Optional.ofNullable(own.get(model.id()));
        }
    }

    private Team team(long teamId) {
        return new Team(teams.allowedModels(teamId), policies.all(teamId));
    }

    /** The routes the team may use, in the operator's order (the pin alone where pinned). */
    private List<Route> permitted(Team team, RoutedModel model, Policy policy, List<String> passed) {
        Optional<RoutePolicies.TeamPolicy> own = team.of(model);
        List<Route> candidates = policy == Policy.PINNED
                ? List.of(model.policy() == Policy.PINNED ? model.pin()
                        : own.map(RoutePolicies.TeamPolicy::pin).flatMap(Route::parse).orElse(model.routes().get(0)))
                : model.routes();
        List<Route> out = new ArrayList<>();
        for (Route r : candidates) {
            boolean listed = TeamDirectory.allows(team.allowed(), r.provider(), r.model());
            if (!listed || own.map(p -> p.excludes(r.key())).orElse(false) || !model.has(r)) {
                passed.add(providers.label(r.provider()) + ": not permitted for your team");
                continue;
            }
            out.add(r);
        }
        return out;
    }

    /** The routes' breakers and their providers' upstream waits, read once for a plan or a menu. */
    private final class Health {
        private final Map<String, RouteBreakers.Status> breakerStates;
        private final Map<String, Duration> waits;

        Health(Map<String, RouteBreakers.Status> breakerStates, Map<String, Duration> waits) {
            this.breakerStates = breakerStates;
            this.waits = waits;
        }

        /** Why the route should not take a job now, or null: open breaker, or an upstream wait over the limit. */
        String unhealthy(Route route, boolean takeTrial) {
            RouteBreakers.Status status = breakerStates.get(route.key());
            String label = providers.label(route.provider());
            if (status != null && status.state() == RouteBreakers.State.OPEN) {
                return label + " is unavailable (" + status.failures() + " failed creates in a row)";
            }
            if (status != null && status.state() == RouteBreakers.State.HALF_OPEN && (!takeTrial
                    || !breakers.tryOnce(route.key()))) {
                return label + " is being tried again after failures";
            }
            Duration wait = waits.getOrDefault(route.provider(), Duration.ZERO);
            if (wait.compareTo(config.maxWait()) > 0) {
                return label + "'s upstream limit would hold the job about " + wait.toSeconds() + " s";
            }
            return null;
        }
    }

    private Health health(List<Route> of) {
        Map<String, Integer> perMinute = new HashMap<>();
        for (Route r : of) {
            perMinute.put(r.provider(), providers.settings(r.provider()).map(ProvidersConfig.Provider::upstreamRequestsPerMinute)
                    .orElse(50));
        }
        if (perMinute.isEmpty()) {
            return new Health(Map.of(), Map.of());
        }
        try (Connection c = dataSource.getConnection()) {
            return new Health(breakers.all(), new JobQueue(c).upstreamWaits(perMinute, Instant.now()));
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the routes' upstream waits", e);
        }
    }

}
