package io.reelgate.generation;

import java.util.List;

/**
 * How a job of a model sold by several providers got to the route it is on, for people: "Veo 3.1
 * via Replicate, after Google Veo was unavailable (HTTP 503)". {@code providerLabel}: the route it
 * is on (null when it left its last route and no other took it); {@code reason}: why it took its
 * first route (preferred, cheapest, pinned, a fallback); {@code left}: the routes it left, first to
 * last. Read by {@link RouteStories}; a job of a provider's own model has no story.
 */
public record RouteStory(String modelLabel, String providerLabel, String reason, List<Left> left) {

    /** How {@link RoutePlanner} words a first route taken because the routes before it are unhealthy. */
    private static final String FALLBACK = "fallback (";

    /** A route the job left; {@code because} names the provider first ("Google Veo was unavailable (HTTP 503)"). */
    public record Left(String providerLabel, String because) {
    }

    public RouteStory {
        left = List.copyOf(left);
    }

    /** Whether the job moved from one route to another (or off its last one). */
    public boolean moved() {
        return !left.isEmpty();
    }

    /** "via Replicate"; empty when no route has the job any more. */
    public String via() {
        return providerLabel == null ? "" : "via " + providerLabel;
    }

    /** "Veo 3.1 via Replicate": the model and the route it is on. */
    public String headline() {
        return providerLabel == null ? modelLabel : modelLabel + " " + via();
    }

    /**
     * Why this route, in words that follow the {@link #headline()}: "after Google Veo was unavailable
     * (HTTP 503)", "the cheapest route"; empty for the preferred route.
     */
    public String why() {
        if (moved()) {
            return "after " + and(left.stream().map(Left::because).toList())
                    + (providerLabel == null ? "; no other route took it" : "");
        }
        if (reason == null) {
            return "";
        }
        return switch (reason) {
            case "preferred" -> "";
            case "cheapest" -> "the cheapest route";
            case RoutePlanner.PINNED -> "pinned to this route";
            default -> reason.startsWith(FALLBACK) && reason.endsWith(")")
                    ? "as a fallback while " + reason.substring(FALLBACK.length(), reason.length() - 1)
                    : reason;
        };
    }

    /** The whole story in one sentence: "Veo 3.1 via Replicate, after Google Veo was unavailable (HTTP 503)". */
    public String sentence() {
        String why = why();
        return headline() + (why.isEmpty() ? "" : ", " + why);
    }

    /** "A", "A and B", "A, B and C". */
    private static String and(List<String> parts) {
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }
}
