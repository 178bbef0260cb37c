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
    private final ProvidersConfig providersConfig;
    private final RoutesConfig config;
    private final RouteBreakers breakers;
    private final RoutePolicies policies;
    private final TeamDirectory teams;
    private final PriceBook prices;
    private final SubmitChecks checks;
    private final DataSource dataSource;

    RoutePlanner(ModelRoutes routes, Providers providers, ProvidersConfig providersConfig, RoutesConfig config,
            RouteBreakers breakers, RoutePolicies policies, TeamDirectory teams, PriceBook prices, SubmitChecks checks,
            DataSource dataSource) {
        this.routes = routes;
        this.providers = providers;
        this.providersConfig = providersConfig;
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
        Policy policy = policy(teamId, model);
        List<String> passed = new ArrayList<>();
        List<Option> capable = new ArrayList<>();
        Map<String, RouteBreakers.Status> health = breakers.all();
        for (Route route : permitted(teamId, model, policy, passed)) {
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
        List<Option> healthy = new ArrayList<>();
        List<Option> unhealthy = new ArrayList<>();
        for (Option o : capable) {
            String why = unhealthy(o.route(), health.get(o.route().key()), healthy.isEmpty() && takeTrial);
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

    /** What a menu shows for the model: the routes the team may use and the one a job would take now. */
    public Offer offer(long teamId, RoutedModel model) {
        Policy policy = policy(teamId, model);
        List<Route> permitted = permitted(teamId, model, policy, new ArrayList<>());
        Map<String, RouteBreakers.Status> health = breakers.all();
        Map<Route, String> unhealthy = new HashMap<>();
        for (Route r : permitted) {
            String why = unhealthy(r, health.get(r.key()), false);
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
        return new Offer(model, policy, List.copyOf(permitted), now, now == null ? null : providers.label(now.provider()),
                Map.copyOf(unhealthy));
    }

    /** The operator's policy, narrowed by the team's admin (an operator's pin stays a pin). */
    public Policy policy(long teamId, RoutedModel model) {
        if (model.policy() == Policy.PINNED) {
            return Policy.PINNED;
        }
        return policies.find(teamId, model.id()).flatMap(p -> Policy.parse(p.policy())).orElse(model.policy());
    }

    /** The routes the team may use, in the operator's order (the pin alone where pinned). */
    private List<Route> permitted(long teamId, RoutedModel model, Policy policy, List<String> passed) {
        Set<String> allowed = teams.allowedModels(teamId);
        Optional<RoutePolicies.TeamPolicy> own = model.policy() == Policy.PINNED ? Optional.empty()
                : policies.find(teamId, model.id());
        List<Route> candidates = policy == Policy.PINNED
                ? List.of(model.policy() == Policy.PINNED ? model.pin()
                        : own.map(RoutePolicies.TeamPolicy::pin).flatMap(Route::parse).orElse(model.routes().get(0)))
                : model.routes();
        List<Route> out = new ArrayList<>();
        for (Route r : candidates) {
            boolean listed = allowed == null || allowed.contains(r.key()) || allowed.contains(r.provider() + "/*")
                    || allowed.contains(model.id());
            if (!listed || own.map(p -> p.excludes(r.key())).orElse(false) || !model.has(r)) {
                passed.add(providers.label(r.provider()) + ": not permitted for your team");
                continue;
            }
            out.add(r);
        }
        return out;
    }

    /** Why the route should not take a job now, or null: open breaker, or an upstream wait over the limit. */
    private String unhealthy(Route route, RouteBreakers.Status status, boolean takeTrial) {
        if (status != null && status.state() == RouteBreakers.State.OPEN) {
            return providers.label(route.provider()) + " is unavailable (" + status.failures()
                    + " failed creates in a row)";
        }
        if (status != null && status.state() == RouteBreakers.State.HALF_OPEN && (!takeTrial
                || !breakers.tryOnce(route.key()))) {
            return providers.label(route.provider()) + " is being tried again after failures";
        }
        Duration wait = upstreamWait(route.provider());
        if (wait.compareTo(config.maxWait()) > 0) {
            return providers.label(route.provider()) + "'s upstream limit would hold the job about "
                    + wait.toSeconds() + " s";
        }
        return null;
    }

    private Duration upstreamWait(String provider) {
        ProvidersConfig.Provider settings = providersConfig.providers().get(provider);
        int perMinute = settings == null ? 50 : settings.upstreamRequestsPerMinute();
        try (Connection c = dataSource.getConnection()) {
            return new JobQueue(c).upstreamWait(provider, perMinute, Instant.now());
        } catch (SQLException e) {
            throw new IllegalStateException("Reading the upstream wait of " + provider, e);
        }
    }
}
