package io.reelgate.budget;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * A team's ledger entries as the admin console lists and exports them, newest first: each with its
 * member and reservation. What the reservation was for (a job, a storyboard) the callers look up from
 * those features, whose tables are above this one's.
 */
@ApplicationScoped
public class LedgerEntries {

    /** One entry; {@code member}/{@code memberEmail} are null for entries without one (adjustments). */
    public record Line(long id, Instant at, LocalDate periodStart, LedgerKind kind, long amountMicros, String note,
            String member, String memberEmail, Long reservationId) {
    }

    /** Which entries: of one kind (null: all) made in [{@code from}, {@code to}) (null: open). */
    public record Selection(long teamId, LedgerKind kind, Instant from, Instant to) {
    }

    private final DataSource dataSource;

    LedgerEntries(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** At most {@code limit} entries older than entry {@code after} (null: from the newest). */
    public List<Line> page(Selection selection, Long after, int limit) {
        List<Line> lines = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = query(c, selection, after, limit);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                lines.add(line(rs));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Ledger of team " + selection.teamId(), e);
        }
        return lines;
    }

    /** Every selected entry, handed over {@code chunk} at a time, read with a database cursor (never all in memory). */
    public void stream(Selection selection, int chunk, Consumer<List<Line>> each) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false); // a cursor: rows arrive a chunk at a time
            try (PreparedStatement ps = query(c, selection, null, null)) {
                ps.setFetchSize(chunk);
                try (ResultSet rs = ps.executeQuery()) {
                    List<Line> lines = new ArrayList<>(chunk);
                    while (rs.next()) {
                        lines.add(line(rs));
                        if (lines.size() == chunk) {
                            each.accept(lines);
                            lines = new ArrayList<>(chunk);
                        }
                    }
                    if (!lines.isEmpty()) {
                        each.accept(lines);
                    }
                }
            }
            c.rollback();
        }
    }

    private static PreparedStatement query(Connection c, Selection s, Long after, Integer limit) throws SQLException {
        StringBuilder sql = new StringBuilder("""
                select l.id, l.created_at, l.period_start, l.kind, l.amount_micros, l.note, l.reservation_id,
                       u.display_name, u.email
                from ledger_entry l left join app_user u on u.id = l.member_id
                where l.team_id = ?""");
        List<Object> params = new ArrayList<>();
        params.add(s.teamId());
        if (s.kind() != null) {
            sql.append(" and l.kind = ?");
            params.add(s.kind().name());
        }
        if (s.from() != null) {
            sql.append(" and l.created_at >= ?");
            params.add(Timestamp.from(s.from()));
        }
        if (s.to() != null) {
            sql.append(" and l.created_at < ?");
            params.add(Timestamp.from(s.to()));
        }
        if (after != null) {
            sql.append(" and l.id < ?");
            params.add(after);
        }
        sql.append(" order by l.id desc");
        if (limit != null) {
            sql.append(" limit ").append(limit);
        }
        PreparedStatement ps = c.prepareStatement(sql.toString());
        for (int i = 0; i < params.size(); i++) {
            ps.setObject(i + 1, params.get(i));
        }
        return ps;
    }

    private static Line line(ResultSet rs) throws SQLException {
        long reservation = rs.getLong("reservation_id");
        Long reservationId = rs.wasNull() ? null : reservation;
        return new Line(rs.getLong("id"), rs.getTimestamp("created_at").toInstant(),
                rs.getObject("period_start", LocalDate.class), LedgerKind.valueOf(rs.getString("kind")),
                rs.getLong("amount_micros"), rs.getString("note"), rs.getString("display_name"), rs.getString("email"),
                reservationId);
    }
}
