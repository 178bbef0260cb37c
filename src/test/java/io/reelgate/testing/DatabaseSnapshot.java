package io.reelgate.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * A fingerprint of every row that belongs to one team (rows of tables with a {@code team_id}
 * column, and the team row itself), to prove that a refused request changed nothing. The one row
 * a refusal leaves on purpose is not counted: the budget-exhausted alert, written after the
 * refusing transaction ends (so it may land while a test compares).
 */
public final class DatabaseSnapshot {

    private DatabaseSnapshot() {
    }

    public static Map<String, String> ofTeam(DataSource dataSource, long teamId) {
        Map<String, String> snapshot = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select table_name from information_schema.columns "
                    + "where table_schema = 'public' and column_name = 'team_id'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                String refusalsLeave = table.equals("budget_alert") ? " and kind <> 'EXHAUSTED'" : "";
                snapshot.put(table, fingerprint(s, "select * from " + table + " where team_id = " + teamId + refusalsLeave));
            }
            snapshot.put("team", fingerprint(s, "select * from team where id = " + teamId));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return snapshot;
    }

    /** A fingerprint (row count and digest) of each named query's rows, for rows {@link #ofTeam} cannot see. */
    public static Map<String, String> ofQueries(DataSource dataSource, Map<String, String> queries) {
        Map<String, String> snapshot = new TreeMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (var e : queries.entrySet()) {
                snapshot.put(e.getKey(), fingerprint(s, e.getValue()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return snapshot;
    }

    private static String fingerprint(Statement s, String query) throws SQLException {
        try (ResultSet rs = s.executeQuery("select count(*) || ':' || coalesce(md5(string_agg(t::text, '|' order by t::text)), '') "
                + "from (" + query + ") t")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
