package io.reelgate.web;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.persistence.Query;
import jakarta.persistence.Tuple;

/**
 * One row of a native query, read by column name — the one way native results are read (no
 * {@code Object[]} positions). Create the query with {@code Tuple.class} and name every column in
 * lower case ({@code select t.archived_at is not null as archived}); numbers arrive as whatever
 * {@link Number} the driver chose and times as whatever {@link SqlTimes} accepts.
 */
public final class SqlRow {

    private final Tuple tuple;

    private SqlRow(Tuple tuple) {
        this.tuple = tuple;
    }

    /** The rows of a query created with {@code Tuple.class}. */
    @SuppressWarnings("unchecked")
    public static List<SqlRow> list(Query query) {
        return ((List<Tuple>) query.getResultList()).stream().map(SqlRow::new).toList();
    }

    /** The one row of a query created with {@code Tuple.class}. */
    public static SqlRow single(Query query) {
        return new SqlRow((Tuple) query.getSingleResult());
    }

    public Object value(String column) {
        return tuple.get(column);
    }

    public boolean isNull(String column) {
        return value(column) == null;
    }

    public long longValue(String column) {
        return ((Number) value(column)).longValue();
    }

    public int intValue(String column) {
        return ((Number) value(column)).intValue();
    }

    public Integer nullableInt(String column) {
        Object v = value(column);
        return v == null ? null : ((Number) v).intValue();
    }

    public String string(String column) {
        Object v = value(column);
        return v == null ? null : v.toString();
    }

    public boolean bool(String column) {
        return Boolean.TRUE.equals(value(column));
    }

    public Instant instant(String column) {
        return SqlTimes.instant(value(column));
    }

    public LocalDate date(String column) {
        Object v = value(column);
        return v == null ? null : v instanceof LocalDate d ? d : v instanceof java.sql.Date d ? d.toLocalDate()
                : LocalDate.parse(v.toString());
    }
}
