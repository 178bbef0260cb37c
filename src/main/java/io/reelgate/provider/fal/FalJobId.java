package io.reelgate.provider.fal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The id Reelgate keeps for a fal request: {@code owner/app:request_id}. fal's status, result and
 * cancel URLs name only the owner and app, not the endpoint's sub-path
 * ({@code fal-ai/veo3.1/image-to-video} → {@code …/fal-ai/veo3.1/requests/{id}}), so the id carries
 * both. Every part is checked against a strict pattern on the way back in, so no stored or
 * posted id can put a path ({@code ..}, {@code /}, {@code ?}) into a URL.
 */
record FalJobId(String owner, String app, String requestId) {

    private static final String SEGMENT = "[A-Za-z0-9][A-Za-z0-9_.-]{0,99}";
    private static final Pattern ID = Pattern.compile("(" + SEGMENT + ")/(" + SEGMENT + "):([A-Za-z0-9][A-Za-z0-9-]{0,99})");
    private static final Pattern SEGMENT_ONLY = Pattern.compile(SEGMENT);
    private static final Pattern REQUEST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,99}");

    FalJobId {
        if (!safe(owner) || !safe(app) || requestId == null || !REQUEST.matcher(requestId).matches()) {
            throw new IllegalArgumentException("not a fal request id");
        }
    }

    static Optional<FalJobId> parse(String id) {
        Matcher m = id == null ? null : ID.matcher(id);
        if (m == null || !m.matches() || !safe(m.group(1)) || !safe(m.group(2))) {
            return Optional.empty();
        }
        return Optional.of(new FalJobId(m.group(1), m.group(2), m.group(3)));
    }

    /** The owner and app of an endpoint ({@code fal-ai/veo3.1/fast} → {@code fal-ai}, {@code veo3.1}). */
    static FalJobId of(String endpoint, String requestId) {
        String[] parts = endpoint.split("/", 3);
        if (parts.length < 2) {
            throw new IllegalArgumentException("not a fal endpoint: " + endpoint);
        }
        return new FalJobId(parts[0], parts[1], requestId);
    }

    /** Whether an endpoint id is made of safe path segments only. */
    static boolean safeEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isEmpty()) {
            return false;
        }
        String[] parts = endpoint.split("/", -1);
        if (parts.length < 2) {
            return false;
        }
        for (String part : parts) {
            if (!safe(part)) {
                return false;
            }
        }
        return true;
    }

    private static boolean safe(String segment) {
        return segment != null && SEGMENT_ONLY.matcher(segment).matches() && !segment.equals(".")
                && !segment.equals("..") && !segment.contains("..");
    }

    /** {@code owner/app}, as the queue's request URLs name it. */
    String ownerApp() {
        return owner + "/" + app;
    }

    /** {@code {base}/{owner}/{app}/requests/{request_id}}: the result; {@code /status} and {@code /cancel} below it. */
    String requestUrl(String base) {
        return base + "/" + owner + "/" + app + "/requests/" + requestId;
    }

    @Override
    public String toString() {
        return owner + "/" + app + ":" + requestId;
    }
}
