package io.reelgate.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.reelgate.provider.ProviderReload;
import io.reelgate.provider.SetupRefused;

/**
 * The console's Properties box: a provider's settings beyond the form's fields, one
 * {@code key=value} per line, in the short form an operator types — {@code capabilities.remix=false},
 * {@code vertex.project=…} (the provider's own keys), {@code catalog.models."id".seconds=4,8} (its
 * catalog), {@code replicate.models."owner/model".duration=duration} and {@code fal.models.…} (input
 * mappings) — or as full {@code reelgate.…} keys, so an export pastes back.
 */
final class ConsoleProperties {

    /** Keys that have their own field in the form (or must not be set by hand). */
    private static final Set<String> FIELDS = Set.of("type", "catalog", "enabled", "label", "base-url", "simulated",
            "upstream-requests-per-minute", "vertex.credentials-file");

    private ConsoleProperties() {
    }

    /** The typed lines as full keys; refuses a line that is not {@code key=value}, a secret, or another provider's key. */
    static Map<String, String> parse(String name, String text) {
        Map<String, String> out = new TreeMap<>();
        if (text == null) {
            return out;
        }
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new SetupRefused("Properties line " + (i + 1) + " is not key=value");
            }
            String key = full(name, line.substring(0, eq).strip(), i + 1);
            if (ProviderReload.secret(key)) {
                throw new SetupRefused("Properties line " + (i + 1) + ": secrets go in their own fields, where they are "
                        + "sealed, never in Properties");
            }
            out.put(key, line.substring(eq + 1).strip());
        }
        return out;
    }

    /** The typed text without the lines that set a secret: what a refused form shows again (never a secret). */
    static String withoutSecrets(String name, String text) {
        if (text == null) {
            return "";
        }
        List<String> kept = new ArrayList<>();
        for (String line : text.split("\\R")) {
            int eq = line.indexOf('=');
            String key = eq > 0 ? line.substring(0, eq).strip() : "";
            String full = key.startsWith("reelgate.") ? key : "reelgate.providers." + name + "." + key;
            if (!ProviderReload.secret(full)) {
                kept.add(line);
            }
        }
        return String.join("\n", kept);
    }

    /** The stored properties beyond the form's fields, in the short form, sorted: what the box shows. */
    static String render(String name, Map<String, String> properties) {
        List<String> lines = new ArrayList<>();
        String provider = "reelgate.providers." + name + ".";
        String catalog = "reelgate.catalogs." + name + ".";
        new TreeMap<>(properties).forEach((k, v) -> {
            if (k.startsWith(provider)) {
                String rest = k.substring(provider.length());
                if (!FIELDS.contains(rest)) {
                    lines.add(rest + "=" + v);
                }
            } else if (k.startsWith(catalog)) {
                lines.add("catalog." + k.substring(catalog.length()) + "=" + v);
            } else if (k.startsWith("reelgate.")) {
                lines.add(k.substring("reelgate.".length()) + "=" + v);
            }
        });
        return String.join("\n", lines);
    }

    private static String full(String name, String key, int line) {
        String provider = "reelgate.providers." + name + ".";
        String catalog = "reelgate.catalogs." + name + ".";
        String k = key;
        if (k.startsWith("reelgate.")) {
            if (!(k.startsWith(provider) || k.startsWith(catalog) || k.startsWith("reelgate.replicate.models.")
                    || k.startsWith("reelgate.fal.models."))) {
                throw new SetupRefused("Properties line " + line + ": " + key + " is not a setting of provider " + name);
            }
        } else if (k.startsWith("catalog.")) {
            k = catalog + k.substring("catalog.".length());
        } else if (k.startsWith("replicate.models.") || k.startsWith("fal.models.")) {
            k = "reelgate." + k;
        } else {
            k = provider + k;
        }
        if (k.startsWith(provider) && FIELDS.contains(k.substring(provider.length()))) {
            throw new SetupRefused("Properties line " + line + ": " + key + " is set by its own field (or cannot be set here)");
        }
        return k;
    }
}
