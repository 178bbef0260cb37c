package io.reelgate.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.budget.Money;
import io.reelgate.provider.Capabilities;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.Providers;
import io.reelgate.provider.VideoProvider;
import io.reelgate.team.TeamDirectory;

/**
 * The models a member may choose from, grouped by provider (the default provider first), each
 * with its price per second (or per video), narrowed to what an operator allowed the team ({@code provider/model}
 * or {@code provider/*}). A choice travels in forms as {@code provider/model}; a bare model name
 * (links made before there were several providers) means the first provider that offers it.
 */
@ApplicationScoped
public class ModelMenu {

    /** One model of one provider. */
    public record Choice(String provider, String providerLabel, ModelCatalog.Model model, Capabilities capabilities,
            String pricesAsOf, String priceNote) {

        /** The form value: {@code provider/model}. */
        public String value() {
            return provider + "/" + model.name();
        }

        /** "$0.10/s", "from $0.30/s" when sizes differ in price, or "$0.50/video" for a flat price. */
        public String price() {
            long low = model.cheapestMicrosPerUnit();
            boolean varies = model.unitPrices().values().stream().anyMatch(p -> p != low);
            return (varies ? "from " : "") + Money.ofMicros(low).display() + "/" + model.unit();
        }

        /** What the option says: the model's name and its price. */
        public String optionText() {
            return model.label() + " · " + price();
        }
    }

    /** One provider's models, with what the provider can do and how old its prices are. */
    public record Group(String provider, String label, Capabilities capabilities, String pricesAsOf, String priceNote,
            List<Choice> choices) {
    }

    /** What one team may choose from. */
    public record Menu(List<Group> groups) {

        public boolean isEmpty() {
            return groups.isEmpty();
        }

        public Choice first() {
            return groups.get(0).choices().get(0);
        }

        /** The choice for a form value, {@code provider/model} or a bare model name. */
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
            for (Group g : groups) {
                for (Choice c : g.choices()) {
                    if (c.model().name().equals(v)) {
                        return Optional.of(c);
                    }
                }
            }
            return Optional.empty();
        }

        /** The choice of this provider's model, if the team may use it. */
        public Optional<Choice> find(String provider, String model) {
            return find(provider + "/" + model);
        }

        /** Every choice's value, for messages ("choose …"). */
        public List<String> values() {
            return groups.stream().flatMap(g -> g.choices().stream()).map(Choice::value).toList();
        }
    }

    private final Providers providers;
    private final TeamDirectory teams;

    ModelMenu(Providers providers, TeamDirectory teams) {
        this.providers = providers;
        this.teams = teams;
    }

    /**
     * The team's menu. An allow-list that matches nothing (models renamed in configuration since)
     * shows every model, so the page still works; admission refuses them with the reason.
     */
    public Menu forTeam(long teamId) {
        Menu menu = build(teams.allowedModels(teamId));
        return menu.isEmpty() ? build(null) : menu;
    }

    private Menu build(Set<String> allowed) {
        List<VideoProvider> ordered = new ArrayList<>(providers.all());
        ordered.sort((a, b) -> a.name().equals(providers.defaultName()) ? -1
                : b.name().equals(providers.defaultName()) ? 1 : a.name().compareTo(b.name()));
        List<Group> groups = new ArrayList<>();
        for (VideoProvider p : ordered) {
            ModelCatalog catalog = p.catalog();
            List<Choice> choices = catalog.models().stream()
                    .filter(m -> allowed == null || allowed.contains(p.name() + "/" + m.name())
                            || allowed.contains(p.name() + "/*"))
                    .map(m -> new Choice(p.name(), providers.label(p.name()), m, p.capabilities(), catalog.pricesAsOf(),
                            catalog.priceNote())).toList();
            if (!choices.isEmpty()) {
                groups.add(new Group(p.name(), providers.label(p.name()), p.capabilities(), catalog.pricesAsOf(),
                        catalog.priceNote(), choices));
            }
        }
        return new Menu(groups);
    }
}
