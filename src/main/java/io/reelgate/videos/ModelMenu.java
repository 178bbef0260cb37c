package io.reelgate.videos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.budget.Money;
import io.reelgate.generation.RoutePlanner;
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.CatalogsConfig;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ModelRoutes;
import io.reelgate.provider.PriceVersions;
import io.reelgate.provider.Providers;
import io.reelgate.provider.VideoProvider;
import io.reelgate.team.TeamDirectory;

/**
 * The models a member may choose from: the default provider's first, then each model sold by
 * several providers once ({@code provider/ModelRoutes}: "Veo 3.1", priced by the route it would
 * take now, with the range across its routes), then every other provider's own models, each with
 * its price per second (or per video), narrowed to what an operator allowed the team
 * ({@code provider/model} or {@code provider/*}). A choice travels in forms as its model id (a
 * model with routes) or {@code provider/model}; {@code provider/model} of a route still pins that
 * route. A bare model name (links made before there were several providers) means the first
 * provider that offers it.
 */
@ApplicationScoped
public class ModelMenu {

    /**
     * One model: of one provider, or (with {@code routes}) a model sold by several, shown with
     * the route it would take now ({@code provider}, its label and capabilities) and the shared
     * facts of its routes ({@code model}: every size and length one of them offers, priced by the
     * first route that offers it).
     */
    public record Choice(String provider, String providerLabel, ModelCatalog.Model model, Capabilities capabilities,
            String pricesAsOf, String priceNote, RoutePlanner.Offer routes, String range, List<RouteLine> routeLines,
            String priceChanged) {

        public Choice(String provider, String providerLabel, ModelCatalog.Model model, Capabilities capabilities,
                String pricesAsOf, String priceNote) {
            this(provider, providerLabel, model, capabilities, pricesAsOf, priceNote, null, null, List.of(), null);
        }

        /** The same choice saying "price changed on …" ({@code when}: the day, null: unchanged lately). */
        Choice priceChangedOn(String when) {
            return new Choice(provider, providerLabel, model, capabilities, pricesAsOf, priceNote, routes, range, routeLines,
                    when == null ? null : "price changed on " + when);
        }

        /** Whether Reelgate picks the provider (a model with routes), rather than the member. */
        public boolean routed() {
            return routes != null;
        }

        /** The form value: the model id of a model with routes, else {@code provider/model}. */
        public String value() {
            return routed() ? routes.model().id() : provider + "/" + model.name();
        }

        /** The provider a request names: none for a model with routes (the planner picks). */
        public String requestProvider() {
            return routed() ? null : provider;
        }

        /** "$0.10/s", "from $0.30/s" when sizes differ in price, or "$0.50/video" for a flat price. */
        public String price() {
            return priceOf(model);
        }

        /**
         * What the option says: the model's name and its price; for a model with routes the range
         * across them (the route a job would take now, and its price, follow the select).
         */
        public String optionText() {
            return model.label() + " · " + (range != null ? range : price()) + (priceChanged != null ? " · " + priceChanged : "");
        }

        /** "via Vertex AI", for a model with routes: the provider a job would take now. */
        public String via() {
            return routed() ? "via " + providerLabel : "";
        }

        /** How the team's policy picks among the routes in {@link #routeLines()}, for a model with routes. */
        public String policyNote() {
            if (!routed()) {
                return "";
            }
            String never = " It moves to another route only while no provider has it, so it is never made or charged twice.";
            return switch (routes.policy()) {
                case ORDERED -> "Each job takes the first route that is up, in this order." + never;
                case CHEAPEST -> "Each job takes the cheapest route that is up and offers its size and length." + never;
                case PINNED -> "Pinned to this one route: jobs never take another.";
            };
        }
    }

    /**
     * One route the team may use of a model with routes: its provider, its price, whether a job
     * would take it now ({@code next}), and why it is passed over now (null when it is up).
     */
    public record RouteLine(String providerLabel, String price, boolean next, String unhealthy) {
    }

    /** "$0.10/s", "from $0.30/s" when sizes differ in price, or "$0.50/video" for a flat price. */
    static String priceOf(ModelCatalog.Model model) {
        long low = model.cheapestMicrosPerUnit();
        boolean varies = model.unitPrices().values().stream().anyMatch(p -> p != low);
        return (varies ? "from " : "") + Money.ofMicros(low).display() + "/" + model.unit();
    }

    /** One provider's models (or the models with routes), with what the provider can do and how old its prices are. */
    public record Group(String provider, String label, Capabilities capabilities, String pricesAsOf, String priceNote,
            List<Choice> choices) {
    }

    /** What one team may choose from; {@code pinned}: the routes of models with routes, by {@code provider/model}. */
    public record Menu(List<Group> groups, Map<String, Choice> pinned) {

        public Menu(List<Group> groups) {
            this(groups, Map.of());
        }

        public boolean isEmpty() {
            return groups.isEmpty();
        }

        public Choice first() {
            return groups.get(0).choices().get(0);
        }

        /** The choice for a form value: a model id, {@code provider/model} (a route pins it) or a bare model name. */
        public Optional<Choice> find(String value) {
            if (value == null || value.isBlank()) {
                return Optional.empty();
            }
            String v = value.strip(); // Unicode whitespace only: a NUL or other control character is no part of a name
            for (Group g : groups) {
                for (Choice c : g.choices()) {
                    if (c.value().equals(v)) {
                        return Optional.of(c);
                    }
                }
            }
            if (pinned.containsKey(v)) {
                return Optional.of(pinned.get(v));
            }
            for (Group g : groups) {
                for (Choice c : g.choices()) {
                    if (!c.routed() && c.model().name().equals(v)) {
                        return Optional.of(c);
                    }
                }
            }
            return pinned.values().stream().filter(c -> c.model().name().equals(v)).findFirst();
        }

        /** The choice of this provider's model, if the team may use it. */
        public Optional<Choice> find(String provider, String model) {
            return find(provider + "/" + model);
        }

        /** How a form names this provider's model: the model id where it is a route of one, else {@code provider/model}. */
        public String valueOf(String provider, String model) {
            String route = provider + "/" + model;
            return groups.stream().flatMap(g -> g.choices().stream()).filter(Choice::routed)
                    .filter(c -> c.routes().routes().contains(new ModelRoutes.Route(provider, model)))
                    .map(Choice::value).findFirst().orElse(route);
        }

        /** Every choice's value, for messages ("choose …"). */
        public List<String> values() {
            return groups.stream().flatMap(g -> g.choices().stream()).map(Choice::value).toList();
        }
    }

    /** The group of models with routes: no provider of its own. */
    public static final String ROUTED = "";

    private final Providers providers;
    private final TeamDirectory teams;
    private final ModelRoutes routes;
    private final RoutePlanner planner;
    private final PriceVersions prices;

    ModelMenu(Providers providers, TeamDirectory teams, ModelRoutes routes, RoutePlanner planner, PriceVersions prices) {
        this.providers = providers;
        this.teams = teams;
        this.routes = routes;
        this.planner = planner;
        this.prices = prices;
    }

    /** The day an operator's dated price of the model took effect, within the last week (UTC), or null. */
    private String changed(String provider, String model) {
        return prices.changedRecently(provider, model).map(at -> java.time.format.DateTimeFormatter.ofPattern("d MMM",
                java.util.Locale.ENGLISH).format(at.atZone(java.time.ZoneOffset.UTC))).orElse(null);
    }

    /**
     * The team's menu. An allow-list that matches nothing (models renamed in configuration since)
     * shows every model, so the page still works; admission refuses them with the reason.
     */
    public Menu forTeam(long teamId) {
        Menu menu = build(teamId, teams.allowedModels(teamId));
        return menu.isEmpty() ? build(teamId, null) : menu;
    }

    private Menu build(long teamId, Set<String> allowed) {
        List<VideoProvider> ordered = new ArrayList<>(providers.all());
        ordered.sort((a, b) -> a.name().equals(providers.defaultName()) ? -1
                : b.name().equals(providers.defaultName()) ? 1 : a.name().compareTo(b.name()));
        List<Group> groups = new ArrayList<>();
        Map<String, Choice> pinned = new LinkedHashMap<>();
        for (VideoProvider p : ordered) {
            ModelCatalog catalog = p.catalog();
            List<Choice> choices = new ArrayList<>();
            for (ModelCatalog.Model m : catalog.models()) {
                if (!TeamDirectory.allows(allowed, p.name(), m.name())) {
                    continue;
                }
                Choice choice = new Choice(p.name(), providers.label(p.name()), m, p.capabilities(), catalog.pricesAsOf(),
                        catalog.priceNote()).priceChangedOn(changed(p.name(), m.name()));
                if (routes.of(p.name(), m.name()).isPresent()) {
                    pinned.put(choice.value(), choice);
                } else {
                    choices.add(choice);
                }
            }
            if (!choices.isEmpty()) {
                groups.add(new Group(p.name(), providers.label(p.name()), p.capabilities(), catalog.pricesAsOf(),
                        catalog.priceNote(), choices));
            }
            if (p.name().equals(providers.defaultName())) {
                routedGroup(teamId).ifPresent(groups::add);
            }
        }
        return new Menu(groups, pinned);
    }

    /** The models with routes the team may use, each once, priced by the route it would take now. */
    private Optional<Group> routedGroup(long teamId) {
        List<Choice> choices = new ArrayList<>();
        for (RoutePlanner.Offer offer : planner.offers(teamId)) {
            ModelRoutes.RoutedModel m = offer.model();
            if (offer.now() == null) {
                continue;
            }
            VideoProvider now = providers.get(offer.now().provider());
            List<ModelCatalog.Model> models = new ArrayList<>();
            models.add(routes.catalog(offer.now()).orElseThrow());
            offer.routes().stream().filter(r -> !r.equals(offer.now())).forEach(r -> routes.catalog(r).ifPresent(models::add));
            long low = models.stream().mapToLong(ModelCatalog.Model::cheapestMicrosPerUnit).min().orElse(0);
            long high = models.stream().mapToLong(ModelCatalog.Model::cheapestMicrosPerUnit).max().orElse(0);
            String unit = models.get(0).unit();
            String range = low == high || models.stream().anyMatch(x -> !x.unit().equals(unit)) ? null
                    : Money.ofMicros(low).display() + "–" + Money.ofMicros(high).display() + "/" + unit;
            List<RouteLine> lines = new ArrayList<>();
            for (ModelRoutes.Route r : offer.routes()) {
                routes.catalog(r).ifPresent(c -> lines.add(new RouteLine(providers.label(r.provider()), priceOf(c),
                        r.equals(offer.now()), offer.unhealthy().get(r))));
            }
            choices.add(new Choice(now.name(), providers.label(now.name()), shared(m, models), now.capabilities(),
                    now.catalog().pricesAsOf(), now.catalog().priceNote(), offer, range, List.copyOf(lines), null)
                    .priceChangedOn(changed(offer.now().provider(), offer.now().model())));
        }
        return choices.isEmpty() ? Optional.empty() : Optional.of(new Group(ROUTED, "Any provider (Reelgate picks the route)",
                choices.get(0).capabilities(), null, null, choices));
    }

    /**
     * The facts a model's routes share, as one catalog model named by its id: every size and length
     * one of them offers, each size priced by the first route (the one it would take now first) that
     * offers it, sound as the routes let the request choose.
     */
    static ModelCatalog.Model shared(ModelRoutes.RoutedModel routed, List<ModelCatalog.Model> models) {
        Map<String, ModelCatalog.Dimensions> dims = new LinkedHashMap<>();
        Set<Integer> seconds = new java.util.TreeSet<>();
        Map<String, Long> perSecond = new LinkedHashMap<>();
        Map<String, Long> perSecondAudio = new LinkedHashMap<>();
        Map<String, Long> perVideo = new LinkedHashMap<>();
        Map<String, Long> perVideoAudio = new LinkedHashMap<>();
        boolean flat = models.get(0).perVideo();
        Set<CatalogsConfig.Audio> audio = new LinkedHashSet<>();
        for (ModelCatalog.Model m : models) {
            if (m.perVideo() != flat) {
                continue; // one way of pricing per menu entry: the first route's
            }
            m.dimensions().forEach(d -> dims.putIfAbsent(d.size(), d));
            seconds.addAll(m.seconds());
            m.microsPerSecond().forEach(perSecond::putIfAbsent);
            m.microsPerSecondWithAudio().forEach(perSecondAudio::putIfAbsent);
            m.microsPerVideo().forEach(perVideo::putIfAbsent);
            m.microsPerVideoWithAudio().forEach(perVideoAudio::putIfAbsent);
            audio.add(m.audio());
        }
        CatalogsConfig.Audio sound = audio.contains(CatalogsConfig.Audio.OPTIONAL) ? CatalogsConfig.Audio.OPTIONAL
                : audio.contains(CatalogsConfig.Audio.ALWAYS) ? CatalogsConfig.Audio.ALWAYS : CatalogsConfig.Audio.NONE;
        return new ModelCatalog.Model(routed.id(), routed.label(), List.copyOf(dims.values()), List.copyOf(seconds),
                perSecond, perSecondAudio, sound, null, perVideo, perVideoAudio, Map.of(), Map.of());
    }
}
