package io.reelgate.ops;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.reelgate.audit.AuditTrail;
import io.reelgate.provider.CatalogPresets;
import io.reelgate.provider.ConsoleProviders;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.PriceVersions;
import io.reelgate.provider.ProviderReload;
import io.reelgate.provider.Providers;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.SecretBox;
import io.reelgate.provider.VideoProvider;

/**
 * What the provider pages of the operator console show: every provider with where its settings come
 * from, the add/edit form with the type's preset models, each model's prices now and the dated
 * versions, the export as properties, and the history of changes. Never a secret: only hints.
 */
@ApplicationScoped
public class ProviderPages {

    /** One provider in the list. */
    public record Row(String name, String label, String type, boolean console, boolean enabled, String baseUrl,
            List<String> secrets, int models, String problem, String updated) {
    }

    /** A model offered by the form: from the preset or the stored catalog. */
    public record ModelChoice(String id, String label, String summary, boolean checked) {
    }

    /** The add/edit form. */
    public record FormView(boolean editing, String name, String type, String label, String baseUrl, Map<String, String> hints,
            String upstreamRpm, boolean simulated, String properties, List<ModelChoice> models, String presetNote) {

        /** Where the form posts: the provider's address when editing, the list when adding. */
        public String action() {
            return editing ? "/ops/providers/" + name : "/ops/providers";
        }
    }

    /** One price of a model now: by resolution (or size), with where it comes from. */
    public record PriceRow(String model, String modelLabel, String key, String usd, String usdWithAudio, String source) {
    }

    private final Providers providers;
    private final ConsoleProviders store;
    private final ProviderReload reload;
    private final ProvidersConfig config;
    private final CatalogPresets presets;
    private final PriceVersions prices;
    private final SecretBox box;
    private final AuditTrail audit;
    private final InstantSource clock;
    private final boolean simulator;

    ProviderPages(Providers providers, ConsoleProviders store, ProviderReload reload, ProvidersConfig config,
            CatalogPresets presets, PriceVersions prices, SecretBox box, AuditTrail audit, InstantSource clock,
            @ConfigProperty(name = "reelgate.simulator.enabled", defaultValue = "false") boolean simulator) {
        this.providers = providers;
        this.store = store;
        this.reload = reload;
        this.config = config;
        this.presets = presets;
        this.prices = prices;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
        this.simulator = simulator;
    }

    /** Whether the built-in simulators run here (dev and test): the form then offers "simulated". */
    public boolean simulatorAvailable() {
        return simulator;
    }

    /** The provider types by their property value, e.g. {@code vertex}, {@code openrouter}. */
    public List<String> types() {
        return Arrays.stream(ProvidersConfig.Type.values()).map(ProviderPages::typeName).toList();
    }

    public static String typeName(ProvidersConfig.Type t) {
        return t.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Every provider: the configuration's enabled ones first (read-only), then the console's. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        config.providers().forEach((name, s) -> {
            if (!s.enabled()) {
                return;
            }
            List<String> secrets = new ArrayList<>();
            if (s.apiKey().filter(k -> !k.isBlank()).isPresent()) {
                secrets.add("API key in configuration");
            }
            s.vertex().credentialsFile().filter(f -> !f.isBlank()).ifPresent(f -> secrets.add("key file " + f));
            rows.add(new Row(name, providers.label(name), typeName(s.type()), false, true,
                    s.baseUrl().orElse(s.simulated() ? "built-in simulator" : "the provider's own API"), secrets,
                    providers.find(name).map(p -> p.catalog().models().size()).orElse(0), null, ""));
        });
        for (ConsoleProviders.Row r : store.all()) {
            String p = "reelgate.providers." + r.name() + ".";
            List<String> secrets = new ArrayList<>();
            r.hints().forEach((k, h) -> secrets.add(secretName(k) + " " + h));
            rows.add(new Row(r.name(), r.properties().getOrDefault(p + "label", r.name()), r.properties().get(p + "type"), true,
                    r.enabled(), r.properties().getOrDefault(p + "base-url", Boolean.parseBoolean(r.properties()
                            .get(p + "simulated")) ? "built-in simulator" : "the provider's own API"), secrets,
                    ProviderConsole.modelsOf(r.name(), r.properties()).size(), reload.problem(r.name()).orElse(null),
                    "by " + r.updatedBy() + ", " + io.reelgate.web.Formats.dateTime(r.updatedAt())));
        }
        return rows;
    }

    /** The empty form for a new provider of {@code type} (its preset's models all ticked). */
    public FormView blank(String type) {
        ProvidersConfig.Type t = parse(type).orElse(ProvidersConfig.Type.VERTEX);
        Optional<CatalogPresets.Preset> preset = presets.of(t);
        List<ModelChoice> models = preset.map(p -> p.models().models().stream()
                .map(m -> new ModelChoice(m.name(), m.label(), summary(m), true)).toList()).orElse(List.of());
        return new FormView(false, "", typeName(t), "", "", Map.of(), "", simulator, "", models, note(preset));
    }

    /** The form as typed again after a refusal (secrets are never sent back). */
    public FormView retyped(ProviderConsole.Form f, boolean editing) {
        ProvidersConfig.Type t = parse(f.type()).orElse(ProvidersConfig.Type.VERTEX);
        Optional<CatalogPresets.Preset> preset = presets.of(t);
        Map<String, String> hints = editing ? store.find(f.name()).map(ConsoleProviders.Row::hints).orElse(Map.of()) : Map.of();
        List<ModelChoice> models = new ArrayList<>();
        List<String> ticked = f.models() == null ? List.of() : f.models();
        preset.ifPresent(p -> p.models().models().forEach(m -> models.add(new ModelChoice(m.name(), m.label(), summary(m),
                ticked.contains(m.name())))));
        if (editing) {
            providers.tracking(f.name()).ifPresent(p -> p.catalog().models().stream()
                    .filter(m -> models.stream().noneMatch(c -> c.id().equals(m.name())))
                    .forEach(m -> models.add(new ModelChoice(m.name(), m.label(), summary(m), ticked.contains(m.name())))));
        }
        return new FormView(editing, f.name(), typeName(t), f.label(), f.baseUrl(), shortHints(f.name(), hints),
                f.upstreamRpm(), f.simulated(), ConsoleProperties.withoutSecrets(f.name(), f.properties()), models, note(preset));
    }

    /** The form of a stored console provider. */
    public Optional<FormView> stored(String name) {
        return store.find(name).map(r -> {
            String p = "reelgate.providers." + name + ".";
            ProvidersConfig.Type t = parse(r.properties().get(p + "type")).orElse(ProvidersConfig.Type.OPENAI);
            Optional<CatalogPresets.Preset> preset = presets.of(t);
            java.util.Set<String> on = ProviderConsole.modelsOf(name, r.properties());
            Map<String, ModelChoice> models = new LinkedHashMap<>();
            preset.ifPresent(pr -> pr.models().models().forEach(m -> models.put(m.name(), new ModelChoice(m.name(), m.label(),
                    summary(m), on.contains(m.name())))));
            providers.tracking(name).ifPresent(v -> v.catalog().models().forEach(m -> models.put(m.name(),
                    new ModelChoice(m.name(), m.label(), summary(m), true))));
            on.forEach(m -> models.putIfAbsent(m, new ModelChoice(m, m, "typed in Properties", true)));
            return new FormView(true, name, typeName(t), r.properties().getOrDefault(p + "label", ""),
                    r.properties().getOrDefault(p + "base-url", ""), shortHints(name, r.hints()),
                    r.properties().getOrDefault(p + "upstream-requests-per-minute", ""),
                    Boolean.parseBoolean(r.properties().get(p + "simulated")),
                    ConsoleProperties.render(name, r.properties()), List.copyOf(models.values()), note(preset));
        });
    }

    /** Each model's price now, per resolution or size, and where it comes from. */
    public List<PriceRow> pricesNow(String provider) {
        Optional<VideoProvider> p = providers.find(provider);
        if (p.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<PriceRow> rows = new ArrayList<>();
        for (ModelCatalog.Model m : p.get().catalog().models()) {
            Map<String, ModelCatalog.Dimensions> byResolution = new TreeMap<>();
            m.dimensions().forEach(d -> byResolution.putIfAbsent(d.resolution(), d));
            byResolution.forEach((resolution, d) -> {
                String usd = m.perVideo() ? usd(m.microsPerVideo(d.size(), false)) + " a video"
                        : usd(m.microsPerSecond(d.size(), false)) + "/s";
                String audio = m.audioChoice() && !m.perVideo() ? usd(m.microsPerSecond(d.size(), true)) + "/s" : "";
                String source = prices.inEffect(provider, m.name(), d.size(), now)
                        .map(v -> "version " + v.id() + " since " + io.reelgate.web.Formats.dateTime(v.effectiveFrom()))
                        .orElse(m.pricedInCredits() ? "catalog (credits)" : "catalog"
                                + (p.get().catalog().pricesAsOf() != null ? ", as of " + p.get().catalog().pricesAsOf() : ""));
                rows.add(new PriceRow(m.name(), m.label(), resolution, usd, audio, source));
            });
        }
        return rows;
    }

    /** The models of a provider that dated prices can be set for (priced per second). */
    public List<ModelCatalog.Model> priceableModels(String provider) {
        return providers.find(provider).map(p -> p.catalog().models().stream().filter(m -> !m.perVideo()).toList())
                .orElse(List.of());
    }

    /** The resolutions prices are set by, over all models of the provider. */
    public List<String> priceKeys(String provider) {
        return priceableModels(provider).stream().flatMap(m -> m.dimensions().stream().map(ModelCatalog.Dimensions::resolution))
                .distinct().sorted().toList();
    }

    /** Versions set for a later instant, and all versions, newest first. */
    public List<PriceVersions.Version> history(String provider) {
        return prices.history(provider);
    }

    public boolean scheduled(PriceVersions.Version v) {
        return v.effectiveFrom().isAfter(clock.instant());
    }

    /** Changes to providers and prices, newest first. */
    public List<AuditTrail.Entry> changes() {
        return audit.recentGlobal(List.of("provider.", "price."), 30);
    }

    /** The key that seals secrets now, and how many stored secrets an older key sealed. */
    public String keyStatus(long old) {
        return box.currentKeyId().map(k -> "Secrets are sealed with AES-256-GCM, key " + k
                + (old > 0 ? "; " + old + " stored secret" + (old == 1 ? " is" : "s are") + " sealed with an older key" : ""))
                .orElse("No secrets key is set (REELGATE_SECRETS_KEY): providers with an API key cannot be added here.");
    }

    /** The current setup as properties, without secrets: console providers, and dated prices in effect as catalog keys. */
    public String export() {
        StringBuilder out = new StringBuilder("# Reelgate providers from the operator console, exported "
                + clock.instant() + "\n# Secrets are not exported: set each as its environment variable.\n");
        for (ConsoleProviders.Row r : store.all()) {
            out.append("\n# ").append(r.name()).append(r.enabled() ? "" : " (disabled)").append('\n');
            Map<String, String> props = new TreeMap<>(r.properties());
            props.put("reelgate.providers." + r.name() + ".enabled", Boolean.toString(r.enabled()));
            for (String secret : r.sealed().keySet()) {
                out.append("# ").append(secret).append(" is set in the console: ")
                        .append(secret.replaceAll("[.\\-\"/]", "_").toUpperCase(Locale.ROOT)).append('\n');
            }
            props.forEach((k, v) -> out.append(k).append('=').append(v).append('\n'));
        }
        Instant now = clock.instant();
        List<String> priced = new ArrayList<>();
        for (VideoProvider p : providers.all()) {
            for (ModelCatalog.Model m : p.catalog().models()) {
                m.dimensions().stream().map(ModelCatalog.Dimensions::resolution).distinct().forEach(res -> prices
                        .inEffect(p.name(), m.name(), m.dimensions().stream().filter(d -> d.resolution().equals(res))
                                .findFirst().orElseThrow().size(), now)
                        .ifPresent(v -> {
                            String key = "reelgate.catalogs." + p.catalog().name() + ".models."
                                    + CatalogPresets.quoted(m.name()) + ".";
                            priced.add(key + "usd-per-second." + v.priceKey() + "=" + v.usdPerSecond()
                                    + "   # price version " + v.id() + " since " + v.effectiveFrom());
                            if (v.withAudio() != null) {
                                priced.add(key + "usd-per-second-with-audio." + v.priceKey() + "=" + v.usdPerSecondWithAudio());
                            }
                        }));
            }
        }
        if (!priced.isEmpty()) {
            out.append("\n# Dated prices in effect now (price_version), as catalog keys\n");
            priced.stream().distinct().forEach(l -> out.append(l).append('\n'));
        }
        return out.toString();
    }

    private static String note(Optional<CatalogPresets.Preset> preset) {
        return preset.map(p -> "Preset: the " + p.catalog() + " catalog shipped with Reelgate"
                + (p.models().pricesAsOf() != null ? ", list prices as of " + p.models().pricesAsOf() : "")
                + (p.models().priceNote() != null ? " (" + p.models().priceNote() + ")" : ""))
                .orElse("No preset ships for this type: add each model under Properties.");
    }

    private static String summary(ModelCatalog.Model m) {
        String seconds = m.seconds().stream().map(String::valueOf).collect(Collectors.joining(", ")) + " s";
        String res = m.dimensions().stream().map(ModelCatalog.Dimensions::resolution).distinct().collect(Collectors.joining(", "));
        Map<String, Long> unit = m.unitPrices();
        long low = unit.values().stream().min(Comparator.naturalOrder()).orElse(0L);
        long high = unit.values().stream().max(Comparator.naturalOrder()).orElse(0L);
        String price = usd(low) + (high != low ? "–" + usd(high) : "") + (m.perVideo() ? " a video" : "/s");
        return seconds + " · " + res + " · " + price;
    }

    private static String usd(long micros) {
        return io.reelgate.budget.Money.ofMicros(micros).display();
    }

    private static Map<String, String> shortHints(String name, Map<String, String> hints) {
        Map<String, String> out = new TreeMap<>();
        hints.forEach((k, h) -> out.put(secretName(k), h));
        return out;
    }

    private static String secretName(String key) {
        return key.endsWith(".api-key") ? "API key" : key.endsWith(".webhook-secrets") ? "Webhook secret"
                : key.endsWith(".vertex.credentials-json") ? "Service account" : key;
    }

    private static Optional<ProvidersConfig.Type> parse(String type) {
        try {
            return Optional.of(ProvidersConfig.Type.valueOf(type.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
