package io.reelgate.outbox;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one attempt came to: delivered, or failed with an error for {@code last_error}; with values
 * for the table's own columns ({@code last_status}, {@code recipients}) to write with the outcome.
 */
public record Attempt(boolean succeeded, String error, Map<String, Object> columns) {

    public static Attempt delivered() {
        return new Attempt(true, null, Map.of());
    }

    public static Attempt failed(String error) {
        return new Attempt(false, error, Map.of());
    }

    /** This outcome, also writing {@code value} (may be null) into {@code column}, a column name of the code's own. */
    public Attempt with(String column, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(columns);
        more.put(column, value);
        return new Attempt(succeeded, error, Collections.unmodifiableMap(more));
    }
}
