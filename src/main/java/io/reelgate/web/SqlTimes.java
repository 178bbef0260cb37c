package io.reelgate.web;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;

/** Times as native queries return them (the JDBC driver and Hibernate differ), as {@link Instant}s. */
public final class SqlTimes {

    private SqlTimes() {
    }

    /** The instant of a timestamp(tz) column value; null for null. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        throw new IllegalArgumentException("Not a time: " + value.getClass());
    }
}
