package io.reelgate.studio;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import io.reelgate.provider.Creative;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.Reference;

/**
 * What the composer offers beside the prompt and first frame (issue 30), for the chosen model: how
 * many reference images and of which kinds, whether it can end on a last frame, and its rules in one
 * line. For a model with routes, what any route the team may use takes (the planner then picks one
 * that can take the request); the provider's {@link Creative#refusal} stays the one judge.
 */
public record CreativeRules(int maxReferences, List<Reference.Kind> kinds, boolean lastFrame, String line) {

    public static final CreativeRules NONE = new CreativeRules(0, List.of(), false, "");

    /** Whether the model takes reference images at all. */
    public boolean references() {
        return maxReferences > 0 && !kinds.isEmpty();
    }

    /** Whether each reference needs an asset/style choice (else every reference is an asset). */
    public boolean bothKinds() {
        return kinds.size() > 1;
    }

    /** The kind a reference has when none is chosen. */
    public String defaultKind() {
        return kinds.isEmpty() ? "asset" : kinds.get(0).label();
    }

    /** One form slot per reference the model takes: 1, 2, 3. */
    public List<Integer> slots() {
        return IntStream.rangeClosed(1, maxReferences).boxed().toList();
    }

    public boolean any() {
        return references() || lastFrame;
    }

    /** The rules of one model, or of the routes of a model with several (each route's {@link Creative}). */
    static CreativeRules of(List<Creative> routes) {
        List<Creative> refs = routes.stream().filter(c -> c.references().supported()).toList();
        List<Creative> last = routes.stream().filter(c -> c.lastFrame().supported()).toList();
        if (refs.isEmpty() && last.isEmpty()) {
            return NONE;
        }
        int max = refs.stream().mapToInt(c -> c.references().max()).max().orElse(0);
        Set<Reference.Kind> kinds = EnumSet.noneOf(Reference.Kind.class);
        refs.forEach(c -> kinds.addAll(c.references().kinds()));
        List<String> parts = new ArrayList<>();
        if (max > 0) {
            parts.add("Up to " + max + (max == 1 ? " reference" : " references")
                    + (kinds.size() > 1 ? " (asset or style)" : ""));
            // a restriction is a rule only when every route that takes references has it
            boolean anyLength = refs.stream().anyMatch(c -> c.references().seconds().isEmpty());
            if (!anyLength) {
                Set<Integer> lengths = new TreeSet<>();
                refs.forEach(c -> lengths.addAll(c.references().seconds()));
                parts.add(ModelCatalog.or(lengths.stream().map(s -> s + " s").toList()) + " only");
            }
            boolean anyRatio = refs.stream().anyMatch(c -> c.references().aspectRatios().isEmpty());
            if (!anyRatio) {
                Set<String> ratios = new TreeSet<>();
                refs.forEach(c -> ratios.addAll(c.references().aspectRatios()));
                parts.add(ModelCatalog.or(ratios) + " only");
            }
            boolean first = refs.stream().anyMatch(c -> c.references().withFirstFrame());
            boolean withLast = refs.stream().anyMatch(c -> c.references().withLastFrame());
            if (!first && (!withLast || last.isEmpty())) {
                parts.add(last.isEmpty() ? "not with a first frame" : "not with a first or last frame");
            } else if (!first) {
                parts.add("not with a first frame");
            } else if (!withLast && !last.isEmpty()) {
                parts.add("not with a last frame");
            }
        }
        if (!last.isEmpty()) {
            parts.add(last.stream().allMatch(c -> c.lastFrame().needsFirstFrame()) ? "last frame needs a first frame"
                    : "last frame");
        }
        String line = String.join(" · ", parts);
        return new CreativeRules(max, List.copyOf(kinds), !last.isEmpty(),
                Character.toUpperCase(line.charAt(0)) + line.substring(1));
    }
}
