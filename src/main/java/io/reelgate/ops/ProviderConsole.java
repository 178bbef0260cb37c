package io.reelgate.ops;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.reelgate.audit.AuditTrail;
import io.reelgate.provider.CatalogPresets;
import io.reelgate.provider.ConsoleProviders;
import io.reelgate.provider.PriceVersions;
import io.reelgate.provider.ProviderReload;
import io.reelgate.provider.Providers;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.SecretBox;
import io.reelgate.provider.SetupRefused;
import io.reelgate.provider.vertex.VertexCredentials;

/**
 * What the operator console does with providers ({@code /ops/providers}): add and edit providers
 * (stored as configuration properties, secrets sealed), enable and disable them, pick models from
 * the type's preset, set dated prices, re-seal secrets under a new key and export the setup. Each
 * change is checked whole before anything is written (the properties are mapped and the catalog
 * built exactly as at start), audited without secrets, and live on this instance at once and on the
 * others within {@code reelgate.provider-console.check-every}.
 */
@ApplicationScoped
public class ProviderConsole {

    /** The provider form as typed; secrets left blank on an edit keep their stored value. */
    public record Form(String name, String type, String label, String baseUrl, String apiKey, String webhookSecrets,
            String vertexKey, String upstreamRpm, boolean simulated, String properties, List<String> models) {
    }

    private static final String NAME = "[a-z][a-z0-9-]{1,39}";

    private final ConsoleProviders store;
    private final ProviderReload reload;
    private final Providers providers;
    private final ProvidersConfig config;
    private final CatalogPresets presets;
    private final PriceVersions prices;
    private final SecretBox box;
    private final AuditTrail audit;
    private final InstantSource clock;

    ProviderConsole(ConsoleProviders store, ProviderReload reload, Providers providers, ProvidersConfig config,
            CatalogPresets presets, PriceVersions prices, SecretBox box, AuditTrail audit, InstantSource clock) {
        this.store = store;
        this.reload = reload;
        this.providers = providers;
        this.config = config;
        this.presets = presets;
        this.prices = prices;
        this.box = box;
        this.audit = audit;
        this.clock = clock;
    }

    /** Adds a provider; refuses a taken name, an unknown type, bad values and a setup that does not build. */
    public void create(Form form, long actorId) {
        String name = form.name() == null ? "" : form.name().strip();
        if (!name.matches(NAME)) {
            throw new SetupRefused("The name must be 2–40 lower-case letters, digits or hyphens, starting with a letter "
                    + "(it appears in webhook URLs and job records)");
        }
        if (config.providers().containsKey(name)) {
            throw new SetupRefused("A provider named " + name + " is defined in the configuration; choose another name");
        }
        if (store.find(name).isPresent()) {
            throw new SetupRefused("A provider named " + name + " already exists");
        }
        ConsoleProviders.Row row = row(name, form, null);
        write(() -> {
            store.save(row, actorId, clock.instant());
            audit.record(null, actorId, "provider.create", name, null, describe(row));
        });
    }

    /** Replaces a console provider's settings; blank secret fields keep the stored ones. */
    public void update(String name, Form form, long actorId) {
        ConsoleProviders.Row before = editable(name);
        ConsoleProviders.Row row = row(name, form, before);
        write(() -> {
            store.save(row, actorId, clock.instant());
            audit.record(null, actorId, "provider.update", name, describe(before), describe(row));
        });
    }

    /** Starts or stops new work on a console provider; jobs it already accepted finish either way. */
    public void enable(String name, boolean enabled, long actorId) {
        ConsoleProviders.Row before = editable(name);
        ConsoleProviders.Row row = new ConsoleProviders.Row(name, before.properties(), before.sealed(), before.hints(), enabled,
                before.createdAt(), before.updatedAt(), before.updatedBy());
        write(() -> {
            store.save(row, actorId, clock.instant());
            audit.record(null, actorId, enabled ? "provider.enable" : "provider.disable", name,
                    before.enabled() ? "enabled" : "disabled", enabled ? "enabled" : "disabled");
        });
    }

    /** Sets a dated price; {@code effectiveFrom} null: from now. */
    public long price(String provider, String model, String priceKey, String usd, String usdWithAudio, Instant effectiveFrom,
            String note, long actorId) {
        Instant from = effectiveFrom != null ? effectiveFrom : clock.instant();
        long[] id = new long[1];
        write(() -> {
            id[0] = prices.add(provider, model, priceKey, usd, usdWithAudio, from, note == null ? null : note.strip(), actorId);
            store.bump();
            audit.record(null, actorId, "price.set", provider + "/" + model + " " + priceKey, null, "$" + usd.strip() + "/s"
                    + (usdWithAudio == null || usdWithAudio.isBlank() ? "" : ", $" + usdWithAudio.strip() + "/s with sound")
                    + " from " + io.reelgate.web.Formats.dateTime(from));
        });
        return id[0];
    }

    /** Seals every stored secret with the current key (after a key rotation); how many were re-sealed. */
    public int reseal(long actorId) {
        int[] count = new int[1];
        String current = box.currentKeyId().orElseThrow(() -> new SetupRefused("No reelgate.secrets.key is set"));
        write(() -> {
            for (ConsoleProviders.Row r : store.all()) {
                Map<String, String> sealed = new TreeMap<>();
                boolean changed = false;
                for (Map.Entry<String, String> e : r.sealed().entrySet()) {
                    if (SecretBox.keyIdOf(e.getValue()).equals(current)) {
                        sealed.put(e.getKey(), e.getValue());
                    } else {
                        sealed.put(e.getKey(), box.seal(r.name(), box.open(r.name(), e.getValue())));
                        changed = true;
                        count[0]++;
                    }
                }
                if (changed) {
                    store.save(new ConsoleProviders.Row(r.name(), r.properties(), sealed, r.hints(), r.enabled(), r.createdAt(),
                            r.updatedAt(), r.updatedBy()), actorId, clock.instant());
                }
            }
            audit.record(null, actorId, "provider.reseal", "secrets", null, count[0] + " secret(s) sealed with key " + current);
        });
        return count[0];
    }

    /** How many stored secrets are sealed with a key other than the current one. */
    public long sealedWithOldKeys() {
        String current = box.currentKeyId().orElse("");
        return store.all().stream().flatMap(r -> r.sealed().values().stream())
                .filter(s -> !SecretBox.keyIdOf(s).equals(current)).count();
    }

    private ConsoleProviders.Row editable(String name) {
        if (config.providers().containsKey(name)) {
            throw new SetupRefused(name + " is defined in the configuration (application.properties or the environment); "
                    + "change it there");
        }
        return store.find(name).orElseThrow(() -> new SetupRefused("No provider " + name));
    }

    private void write(Runnable change) {
        QuarkusTransaction.requiringNew().run(change);
        reload.now();
    }

    /** The stored row the form describes, checked by mapping and building it as a restart would. */
    private ConsoleProviders.Row row(String name, Form form, ConsoleProviders.Row before) {
        ProvidersConfig.Type type = type(form.type());
        String p = "reelgate.providers." + name + ".";
        Map<String, String> props = new TreeMap<>();
        props.put(p + "type", type.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        props.put(p + "catalog", name);
        if (form.label() != null && !form.label().isBlank()) {
            props.put(p + "label", form.label().strip());
        }
        String url = form.baseUrl() == null ? "" : form.baseUrl().strip();
        if (!url.isEmpty()) {
            props.put(p + "base-url", checkedUrl(url));
        } else if (type == ProvidersConfig.Type.OPENAI && !form.simulated()) {
            throw new SetupRefused("An OpenAI-shaped provider needs its base URL, e.g. https://api.openai.com/v1");
        }
        if (form.simulated()) {
            props.put(p + "simulated", "true");
        }
        if (form.upstreamRpm() != null && !form.upstreamRpm().isBlank()) {
            try {
                int rpm = Integer.parseInt(form.upstreamRpm().strip());
                if (rpm < 1) {
                    throw new NumberFormatException();
                }
                props.put(p + "upstream-requests-per-minute", Integer.toString(rpm));
            } catch (NumberFormatException e) {
                throw new SetupRefused("Requests per minute must be a whole number of at least 1");
            }
        }
        Map<String, String> typed = ConsoleProperties.parse(name, form.properties());
        props.putAll(typed);
        models(name, type, form.models(), before, typed, props);
        Map<String, String> sealed = new TreeMap<>(before == null ? Map.of() : before.sealed());
        Map<String, String> hints = new TreeMap<>(before == null ? Map.of() : before.hints());
        secret(name, p + "api-key", form.apiKey(), sealed, hints);
        secret(name, p + "webhook-secrets", form.webhookSecrets(), sealed, hints);
        if (form.vertexKey() != null && !form.vertexKey().isBlank()) {
            if (type != ProvidersConfig.Type.VERTEX) {
                throw new SetupRefused("A service-account key file is for Vertex AI providers only");
            }
            Optional<String> why = VertexCredentials.notAServiceAccount(form.vertexKey());
            if (why.isPresent()) {
                throw new SetupRefused(why.get());
            }
            sealed.put(p + "vertex.credentials-json", box.seal(name, form.vertexKey()));
            hints.put(p + "vertex.credentials-json", VertexCredentials.fromJson(name, form.vertexKey(), Optional::empty)
                    .identity());
        }
        if (type != ProvidersConfig.Type.VERTEX && !sealed.containsKey(p + "api-key")) {
            throw new SetupRefused("Paste the provider's API key");
        }
        if (type == ProvidersConfig.Type.VERTEX && !sealed.containsKey(p + "vertex.credentials-json")) {
            if (!form.simulated()) {
                throw new SetupRefused("Upload the service account's JSON key file (IAM → Service accounts → Keys)");
            }
            // the simulator's own service account, as the shipped simulated Vertex provider uses
            props.put(p + "vertex.credentials-file", "classpath:simulator/vertex-service-account.json");
        }
        ConsoleProviders.Row row = new ConsoleProviders.Row(name, props, sealed, hints, before == null || before.enabled(),
                before == null ? clock.instant() : before.createdAt(), clock.instant(), null);
        try {
            providers.check(reload.entry(row));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new SetupRefused(e.getMessage());
        }
        return row;
    }

    /**
     * Puts the catalog in {@code props}: each ticked model with the properties typed for it (the
     * Properties box shows the stored ones), else those of the preset; models typed in by hand stay
     * although no box is ticked for them; a model unticked is left out.
     */
    private void models(String name, ProvidersConfig.Type type, List<String> ticked, ConsoleProviders.Row before,
            Map<String, String> typed, Map<String, String> props) {
        List<String> on = ticked == null ? List.of() : ticked.stream().filter(m -> m != null && !m.isBlank()).toList();
        String catalog = "reelgate.catalogs." + name + ".";
        String prefix = catalog + "models.";
        Optional<CatalogPresets.Preset> preset = presets.of(type);
        java.util.Set<String> offered = new java.util.TreeSet<>(preset.map(x -> x.modelProperties().keySet())
                .orElse(java.util.Set.of()));
        if (before != null) {
            offered.addAll(modelsOf(name, before.properties()));
        }
        typed.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String m = CatalogPresets.modelKey(k.substring(prefix.length()))[0];
                if (!offered.contains(m) || on.contains(m)) {
                    props.put(k, v);
                }
            } else {
                props.put(k, v);
            }
        });
        for (String m : on) {
            if (!modelsOf(name, props).contains(m)) {
                CatalogPresets.Preset pr = preset.filter(x -> x.modelProperties().containsKey(m))
                        .orElseThrow(() -> new SetupRefused("The " + type.name().toLowerCase(Locale.ROOT)
                                + " preset has no model " + m + "; add it under Properties as catalog.models.\"" + m
                                + "\".seconds=… with its sizes and prices"));
                props.putAll(CatalogPresets.catalogProperties(name, pr, List.of(m)));
            }
        }
        preset.ifPresent(pr -> CatalogPresets.catalogProperties(name, pr, List.of()).forEach((k, v) -> {
            if (typed.keySet().stream().noneMatch(t -> t.startsWith(catalog) && !t.startsWith(prefix))) {
                props.putIfAbsent(k, v);
            }
        }));
    }

    /** The model ids a provider's properties name in its catalog. */
    static java.util.Set<String> modelsOf(String name, Map<String, String> properties) {
        String prefix = "reelgate.catalogs." + name + ".models.";
        return properties.keySet().stream().filter(k -> k.startsWith(prefix))
                .map(k -> CatalogPresets.modelKey(k.substring(prefix.length()))[0])
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private void secret(String owner, String key, String value, Map<String, String> sealed, Map<String, String> hints) {
        if (value != null && !value.isBlank()) {
            sealed.put(key, box.seal(owner, value.strip()));
            hints.put(key, SecretBox.hint(value));
        }
    }

    private static ProvidersConfig.Type type(String type) {
        String t = type == null ? "" : type.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return ProvidersConfig.Type.valueOf(t);
        } catch (IllegalArgumentException e) {
            throw new SetupRefused("Unknown provider type '" + (type == null ? "" : type.strip()) + "'; choose "
                    + java.util.Arrays.stream(ProvidersConfig.Type.values()).map(v -> v.name().toLowerCase(Locale.ROOT))
                            .collect(Collectors.joining(", ")));
        }
    }

    private static String checkedUrl(String url) {
        try {
            URI uri = new URI(url);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not http(s) with a host");
            }
            return url.replaceAll("/+$", "");
        } catch (URISyntaxException e) {
            throw new SetupRefused("The base URL '" + url + "' is not an http(s) address with a host, e.g. "
                    + "https://api.example.com/v1");
        }
    }

    /** What the audit trail records of a row: its properties and secret hints, never a secret. */
    static String describe(ConsoleProviders.Row row) {
        Map<String, String> shown = new LinkedHashMap<>(row.properties());
        row.hints().forEach((k, h) -> shown.put(k, "(secret " + h + ")"));
        shown.put("enabled", Boolean.toString(row.enabled()));
        List<String> lines = new ArrayList<>();
        shown.forEach((k, v) -> lines.add(k + "=" + v));
        return String.join("\n", lines);
    }
}
