package io.reelgate.budget;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.reelgate.team.Tier;

/**
 * The money tables in SQL, on one JDBC connection whose transaction the caller owns (JTA in the
 * app, a plain connection in multi-instance tests). Kept in explicit SQL because these few
 * statements are the invariant: take the team's money lock, read, append, update totals.
 *
 * <p>One piece on purpose: every statement that moves or reads money is here, so the
 * money invariant — one advisory lock per team, taken first, then read, append, update totals, in
 * one transaction — is reviewed in one file; split by caller, the lock order would be spread over
 * three classes and easy to get wrong in one of them.
 */
final class MoneySql {

    /** A team's budget settings and what admission needs of the team, read under the budget lock. */
    record BudgetRow(long teamId, Money amount, int resetDay, CapMode capMode, int softAllowancePct, Money memberCap,
            List<Integer> thresholds, Tier tier, ZoneId zone, Integer customPerMinute, Integer customPerDay,
            boolean archived, java.util.Set<String> allowedModels) {

        /** Whether the team may use this model; {@code allowedModels} null means every model. */
        boolean allows(String provider, String model) {
            return io.reelgate.team.TeamDirectory.allows(allowedModels, provider, model);
        }

        /** The most the team may have spent plus reserved this period. */
        Money limit() {
            if (capMode == CapMode.SOFT) {
                return Money.ofMicros(Math.multiplyExact(amount.micros(), 100L + softAllowancePct) / 100L);
            }
            return amount;
        }
    }

    record Totals(Money spent, Money reserved) {
        static final Totals NONE = new Totals(Money.ZERO, Money.ZERO);

        Money committed() {
            return spent.plus(reserved);
        }
    }

    /**
     * Everything admission reads after taking the lock, in one round trip: the period totals of
     * the team and the member, the member's own cap, today's request count, and from the per-second
     * counts: requests in the 61 whole seconds up to now ({@code lastMinute}, never less than the
     * exact sliding-window count) and seconds after now with requests in them ({@code scheduledLater}).
     */
    record Stats(Totals team, Totals member, Money memberCap, int today, int lastMinute, int scheduledLater,
            boolean rowsExist) {
    }

    record ReservationRow(long id, long teamId, LocalDate periodStart, long memberId, String provider, String model,
            String size, int seconds, long microsPerSecond, Money amount, boolean settled, Money charged,
            Long microsPerVideo) {
    }

    private static final String BUDGET_SELECT = """
            select b.amount_micros, b.reset_day, b.cap_mode, b.soft_allowance_pct, b.member_cap_micros, b.alert_thresholds,
                   t.tier, t.time_zone, t.custom_requests_per_minute, t.custom_requests_per_day,
                   t.archived_at is not null as archived, t.allowed_models
            from team_budget b join team t on t.id = b.team_id where b.team_id = ?
            """;

    private static final String CREATE_BUDGET =
            "insert into team_budget (team_id, amount_micros) select id, ? from team where id = ? on conflict do nothing";

    private final Connection c;

    MoneySql(Connection connection) {
        this(connection, null);
    }

    /** Entries written through this ledger are stamped {@code now} (null: the database's clock). */
    MoneySql(Connection connection, Instant now) {
        this.c = connection;
        this.now = now == null ? null : java.sql.Timestamp.from(now);
    }

    private final java.sql.Timestamp now;

    /**
     * Reads the team's budget, creating it with {@code defaultAmount} the first time; with
     * {@code lock}, first takes the team's money lock that serialises every money write of the team.
     */
    BudgetRow budget(long teamId, Money defaultAmount, boolean lock) throws SQLException {
        if (lock) {
            lock(teamId);
        }
        Optional<BudgetRow> row = selectBudget(teamId);
        if (row.isPresent()) {
            return row.get();
        }
        try (PreparedStatement ps = c.prepareStatement(CREATE_BUDGET)) {
            ps.setLong(1, defaultAmount.micros());
            ps.setLong(2, teamId);
            ps.executeUpdate();
        }
        return selectBudget(teamId).orElseThrow(() -> new IllegalArgumentException("No team " + teamId));
    }

    private Optional<BudgetRow> selectBudget(long teamId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(BUDGET_SELECT)) {
            ps.setLong(1, teamId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(budgetRow(teamId, rs)) : Optional.empty();
            }
        }
    }

    /** Maps the budget columns ({@link #BUDGET_SELECT}'s, which {@link #VIEW} repeats) by name. */
    private static BudgetRow budgetRow(long teamId, ResultSet rs) throws SQLException {
        long cap = rs.getLong("member_cap_micros");
        Money memberCap = rs.wasNull() ? null : Money.ofMicros(cap);
        List<Integer> thresholds = new ArrayList<>();
        Array array = rs.getArray("alert_thresholds");
        for (Object o : (Object[]) array.getArray()) {
            thresholds.add(((Number) o).intValue());
        }
        int rpm = rs.getInt("custom_requests_per_minute");
        Integer customPerMinute = rs.wasNull() ? null : rpm;
        int rpd = rs.getInt("custom_requests_per_day");
        Integer customPerDay = rs.wasNull() ? null : rpd;
        return new BudgetRow(teamId, Money.ofMicros(rs.getLong("amount_micros")), rs.getInt("reset_day"),
                CapMode.valueOf(rs.getString("cap_mode")), rs.getInt("soft_allowance_pct"), memberCap, thresholds,
                Tier.valueOf(rs.getString("tier")), ZoneId.of(rs.getString("time_zone")), customPerMinute, customPerDay,
                rs.getBoolean("archived"), allowedModels(rs.getArray("allowed_models")));
    }

    private static java.util.Set<String> allowedModels(Array array) throws SQLException {
        if (array == null) {
            return null;
        }
        java.util.Set<String> models = new java.util.HashSet<>();
        for (Object o : (Object[]) array.getArray()) {
            models.add((String) o);
        }
        return models;
    }

    /** The budget row and the admission statistics of its current period, read together. */
    record View(BudgetRow budget, LocalDate periodStart, Stats stats) {

        Money memberCap() {
            return MoneySql.memberCap(budget, stats);
        }
    }

    /** A member's cap: their own, else the team's default member cap; null when neither is set. */
    static Money memberCap(BudgetRow budget, Stats stats) {
        return stats.memberCap() != null ? stats.memberCap() : budget.memberCap();
    }

    /**
     * Takes the team's money lock for the rest of the transaction: a transaction-scoped advisory
     * lock (pure lock-manager state, no row write), the same key on every instance.
     */
    void lock(long teamId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK)) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, lockKey(teamId));
            ps.execute();
        }
    }

    private static final String LOCK = "select pg_advisory_xact_lock(?, ?)";
    /** Advisory lock namespace of Reelgate's team money locks ("Reel"). */
    private static final int LOCK_CLASS = 0x5265656C;

    private static int lockKey(long teamId) {
        return Math.toIntExact(teamId);
    }

    /**
     * Takes the team's lock and reads admission's view, in one round trip but as two statements:
     * a statement that waits for a lock reads from the snapshot taken before the wait, so the
     * reads must come in a later statement to see the previous holder's writes.
     */
    Optional<View> lockAndView(long teamId, long memberId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LOCK + "; " + VIEW)) {
            ps.setInt(1, LOCK_CLASS);
            ps.setInt(2, lockKey(teamId));
            bindView(ps, 3, teamId, memberId, now);
            ps.execute();
            if (!ps.getMoreResults()) {
                throw new IllegalStateException("No result from the admission view");
            }
            try (ResultSet rs = ps.getResultSet()) {
                return readView(teamId, rs);
            }
        }
    }

    /**
     * Admission's whole read in one round trip: the budget row, the period and local day at
     * {@code now} computed in SQL from the row's reset day and time zone, and the {@link Stats} of
     * that period and day. Empty when the team has no budget row yet. Take {@link #lock} first.
     */
    Optional<View> view(long teamId, long memberId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(VIEW)) {
            bindView(ps, 1, teamId, memberId, now);
            try (ResultSet rs = ps.executeQuery()) {
                return readView(teamId, rs);
            }
        }
    }

    private static final String VIEW = """
            with b as (
                select bu.team_id, bu.amount_micros, bu.reset_day, bu.cap_mode, bu.soft_allowance_pct, bu.member_cap_micros,
                       bu.alert_thresholds, t.tier, t.time_zone, t.custom_requests_per_minute, t.custom_requests_per_day,
                       t.archived_at is not null as archived, t.allowed_models,
                       (?::timestamptz at time zone t.time_zone)::date as today
                from team_budget bu join team t on t.id = bu.team_id where bu.team_id = ?),
            p as (
                select b.*, case when extract(day from today) >= reset_day
                    then make_date(extract(year from today)::int, extract(month from today)::int, reset_day)
                    else (make_date(extract(year from today)::int, extract(month from today)::int, reset_day)
                          - interval '1 month')::date end as period_start
                from b)
            select p.amount_micros, p.reset_day, p.cap_mode, p.soft_allowance_pct, p.member_cap_micros, p.alert_thresholds,
                   p.tier, p.time_zone, p.custom_requests_per_minute, p.custom_requests_per_day, p.archived,
                   p.period_start,
                   (select spent_micros from period_total x
                    where x.team_id = p.team_id and x.period_start = p.period_start) as team_spent,
                   (select reserved_micros from period_total x
                    where x.team_id = p.team_id and x.period_start = p.period_start) as team_reserved,
                   (select spent_micros from member_period_total x
                    where x.team_id = p.team_id and x.period_start = p.period_start and x.user_id = ?) as member_spent,
                   (select reserved_micros from member_period_total x
                    where x.team_id = p.team_id and x.period_start = p.period_start and x.user_id = ?) as member_reserved,
                   (select cap_micros from member_cap x where x.team_id = p.team_id and x.user_id = ?) as member_own_cap,
                   (select requests from request_day x where x.team_id = p.team_id and x.day = p.today) as requests_today,
                   (select coalesce(sum(requests), 0) from request_second x
                    where x.team_id = p.team_id and x.second between ? and ?) as requests_last_minute,
                   (select count(*) from request_second x where x.team_id = p.team_id and x.second > ?) as scheduled_later,
                   p.allowed_models
            from p
            """;

    private static void bindView(PreparedStatement ps, int first, long teamId, long memberId, Instant now)
            throws SQLException {
        ps.setObject(first, utc(now));
        ps.setLong(first + 1, teamId);
        ps.setLong(first + 2, memberId);
        ps.setLong(first + 3, memberId);
        ps.setLong(first + 4, memberId);
        long second = now.getEpochSecond();
        ps.setLong(first + 5, second - RateWindow.WINDOW.toSeconds());
        ps.setLong(first + 6, second);
        ps.setLong(first + 7, second);
    }

    private static Optional<View> readView(long teamId, ResultSet rs) throws SQLException {
        if (!rs.next()) {
            return Optional.empty();
        }
        BudgetRow budget = budgetRow(teamId, rs);
        Totals team = new Totals(Money.ofMicros(rs.getLong("team_spent")), Money.ofMicros(rs.getLong("team_reserved")));
        Totals member = new Totals(Money.ofMicros(rs.getLong("member_spent")),
                Money.ofMicros(rs.getLong("member_reserved")));
        long cap = rs.getLong("member_own_cap");
        Money memberCap = rs.wasNull() ? null : Money.ofMicros(cap);
        boolean rowsExist = rs.getObject("team_spent") != null && rs.getObject("member_spent") != null
                && rs.getObject("requests_today") != null;
        Stats stats = new Stats(team, member, memberCap, rs.getInt("requests_today"), rs.getInt("requests_last_minute"),
                rs.getInt("scheduled_later"), rowsExist);
        return Optional.of(new View(budget, rs.getObject("period_start", LocalDate.class), stats));
    }

    /** Creates the team's budget row with the default amount if it has none; harmless when it exists. */
    void createBudgetIfMissing(long teamId, Money defaultAmount) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(CREATE_BUDGET)) {
            ps.setLong(1, defaultAmount.micros());
            ps.setLong(2, teamId);
            if (ps.executeUpdate() == 0 && selectBudget(teamId).isEmpty()) {
                throw new IllegalArgumentException("No team " + teamId);
            }
        }
    }

    /**
     * Creates the period totals of the team and member and the request count of the day, at zero,
     * where missing: once per period, member and day, so {@link #reserve} can update in place.
     */
    void createCounters(long teamId, LocalDate period, long memberId, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into period_total (team_id, period_start) values (?, ?) on conflict do nothing;
                insert into member_period_total (team_id, period_start, user_id) values (?, ?, ?) on conflict do nothing;
                insert into request_day (team_id, day, requests) values (?, ?, 0) on conflict do nothing
                """)) {
            ps.setLong(1, teamId);
            ps.setObject(2, period);
            ps.setLong(3, teamId);
            ps.setObject(4, period);
            ps.setLong(5, memberId);
            ps.setLong(6, teamId);
            ps.setObject(7, day);
            ps.execute();
        }
    }

    /**
     * Writes an admitted request in one statement: the reservation, its RESERVE entry, the team's
     * and the member's reserved totals and the request count of its day (all three must exist:
     * {@link #createCounters}; updated in place, not upserted), and the count of its second.
     * With {@code hold}, the reservation holds money only: it counts against no rate limit (no
     * request counted on its day or second, and {@link #requestTimesSince} skips it).
     * {@code microsPerVideo}: the flat price of a video priced per video (null: per second).
     */
    long reserve(AdmissionRequest r, LocalDate period, long microsPerSecond, Long microsPerVideo, Money amount,
            Instant countsAt, Instant notBefore, LocalDate countsOnDay, boolean hold, Long priceVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                with r as (
                    insert into reservation (team_id, period_start, member_id, provider, model, size, seconds,
                                             micros_per_second, amount_micros, counts_at, not_before, hold,
                                             micros_per_video, price_version_id)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    returning id, team_id, period_start, member_id, amount_micros, price_version_id),
                l as (
                    insert into ledger_entry (team_id, period_start, kind, amount_micros, reservation_id, member_id,
                                              actor_id, created_at, price_version_id)
                    select team_id, period_start, 'RESERVE', amount_micros, id, member_id, member_id,
                           coalesce(cast(? as timestamptz), now()), price_version_id from r),
                p as (
                    update period_total t set reserved_micros = t.reserved_micros + r.amount_micros from r
                    where t.team_id = r.team_id and t.period_start = r.period_start returning 1),
                m as (
                    update member_period_total t set reserved_micros = t.reserved_micros + r.amount_micros from r
                    where t.team_id = r.team_id and t.period_start = r.period_start and t.user_id = r.member_id returning 1),
                d as (
                    update request_day t set requests = t.requests + 1 from r
                    where t.team_id = r.team_id and t.day = ? and not ? returning 1),
                s as (
                    insert into request_second (team_id, second, requests) select team_id, ?, 1 from r where not ?
                    on conflict (team_id, second) do update set requests = request_second.requests + 1)
                select r.id, (select count(*) from p) + (select count(*) from m) + (select count(*) from d) as totals_moved
                from r
                """)) {
            ps.setLong(1, r.teamId());
            ps.setObject(2, period);
            ps.setLong(3, r.memberId());
            ps.setString(4, r.provider());
            ps.setString(5, r.model());
            ps.setString(6, r.size());
            ps.setInt(7, r.seconds());
            ps.setLong(8, microsPerSecond);
            ps.setLong(9, amount.micros());
            ps.setObject(10, utc(countsAt));
            ps.setObject(11, notBefore == null ? null : utc(notBefore));
            ps.setBoolean(12, hold);
            ps.setObject(13, microsPerVideo, java.sql.Types.BIGINT);
            ps.setObject(14, priceVersion, java.sql.Types.BIGINT);
            ps.setTimestamp(15, now);
            ps.setObject(16, countsOnDay);
            ps.setBoolean(17, hold);
            ps.setLong(18, countsAt.getEpochSecond());
            ps.setBoolean(19, hold);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getInt("totals_moved") != (hold ? 2 : 3)) {
                    throw new IllegalStateException("Totals rows missing for reservation " + rs.getLong("id"));
                }
                return rs.getLong("id");
            }
        }
    }

    /** Deletes per-second counts the per-minute limit no longer needs; returns how many. */
    int purgeOldSeconds(Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("delete from request_second where second < ?")) {
            ps.setLong(1, now.getEpochSecond() - 5 * RateWindow.WINDOW.toSeconds());
            return ps.executeUpdate();
        }
    }

    /** Admitted requests counting on a local day. */
    int requestsOn(long teamId, LocalDate day) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select requests from request_day where team_id = ? and day = ?")) {
            ps.setLong(1, teamId);
            ps.setObject(2, day);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getInt("requests") : 0;
            }
        }
    }

    Totals totals(long teamId, LocalDate period) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select spent_micros, reserved_micros from period_total where team_id = ? and period_start = ?")) {
            ps.setLong(1, teamId);
            ps.setObject(2, period);
            return readTotals(ps);
        }
    }

    Totals memberTotals(long teamId, LocalDate period, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select spent_micros, reserved_micros from member_period_total
                where team_id = ? and period_start = ? and user_id = ?
                """)) {
            ps.setLong(1, teamId);
            ps.setObject(2, period);
            ps.setLong(3, userId);
            return readTotals(ps);
        }
    }

    private static Totals readTotals(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Totals(Money.ofMicros(rs.getLong("spent_micros")),
                    Money.ofMicros(rs.getLong("reserved_micros"))) : Totals.NONE;
        }
    }

    /** When admitted requests count against rate limits, from {@code from} on (future scheduled ones included). */
    List<Instant> requestTimesSince(long teamId, Instant from) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select counts_at from reservation where team_id = ? and counts_at > ? and not hold order by counts_at")) {
            ps.setLong(1, teamId);
            ps.setObject(2, utc(from));
            List<Instant> times = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    times.add(rs.getObject("counts_at", OffsetDateTime.class).toInstant());
                }
            }
            return times;
        }
    }

    Optional<Long> teamOfReservation(long reservationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select team_id from reservation where id = ?")) {
            ps.setLong(1, reservationId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong("team_id")) : Optional.empty();
            }
        }
    }

    ReservationRow lockReservation(long reservationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select id, team_id, period_start, member_id, provider, model, size, seconds, micros_per_second, amount_micros,
                       state, coalesce(charged_micros, 0) as charged_micros, micros_per_video
                from reservation where id = ? for update
                """)) {
            ps.setLong(1, reservationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("No reservation " + reservationId);
                }
                return new ReservationRow(rs.getLong("id"), rs.getLong("team_id"), rs.getObject("period_start", LocalDate.class),
                        rs.getLong("member_id"), rs.getString("provider"), rs.getString("model"), rs.getString("size"),
                        rs.getInt("seconds"), rs.getLong("micros_per_second"), Money.ofMicros(rs.getLong("amount_micros")),
                        "SETTLED".equals(rs.getString("state")), Money.ofMicros(rs.getLong("charged_micros")),
                        rs.getObject("micros_per_video", Long.class));
            }
        }
    }

    /** Puts an open reservation on another route at that route's price (the ledger entries are the caller's). */
    void moveReservation(long reservationId, String provider, String model, long microsPerSecond, Long microsPerVideo,
            Money amount, Long priceVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update reservation set provider = ?, model = ?, micros_per_second = ?, micros_per_video = ?,
                    amount_micros = ?, price_version_id = ?
                where id = ? and state = 'OPEN'
                """)) {
            ps.setString(1, provider);
            ps.setString(2, model);
            ps.setLong(3, microsPerSecond);
            ps.setObject(4, microsPerVideo, java.sql.Types.BIGINT);
            ps.setLong(5, amount.micros());
            ps.setObject(6, priceVersion, java.sql.Types.BIGINT);
            ps.setLong(7, reservationId);
            if (ps.executeUpdate() != 1) {
                throw new IllegalStateException("Reservation " + reservationId + " is not open");
            }
        }
    }

    /** Marks a reservation settled with its charge, the price-book amount and the provider's bill (null: none). */
    void markSettled(long reservationId, SettlementOutcome outcome, Money charged, Money priceBook, Money billed)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update reservation set state = 'SETTLED', outcome = ?, charged_micros = ?, price_book_micros = ?,
                    billed_micros = ?, settled_at = now()
                where id = ?
                """)) {
            ps.setString(1, outcome.name());
            ps.setLong(2, charged.micros());
            ps.setLong(3, priceBook.micros());
            ps.setObject(4, billed == null ? null : billed.micros(), java.sql.Types.BIGINT);
            ps.setLong(5, reservationId);
            ps.executeUpdate();
        }
    }

    /** Sum of refunds already made against a reservation. */
    Money refunded(long reservationId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                select coalesce(sum(e.amount_micros), 0) as refunded
                from ledger_entry e join reservation r on r.id = e.reservation_id
                where r.id = ? and e.team_id = r.team_id and e.period_start = r.period_start and e.kind = 'REFUND'
                """)) {
            ps.setLong(1, reservationId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Money.ofMicros(rs.getLong("refunded"));
            }
        }
    }

    void append(long teamId, LocalDate period, LedgerKind kind, Money amount, Long reservationId, Long memberId,
            Long actorId, String note) throws SQLException {
        append(teamId, period, kind, amount, reservationId, memberId, actorId, note, null);
    }

    /** An entry naming the operator's dated price it was made with ({@code priceVersion}, null: the catalog's). */
    void append(long teamId, LocalDate period, LedgerKind kind, Money amount, Long reservationId, Long memberId,
            Long actorId, String note, Long priceVersion) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into ledger_entry (team_id, period_start, kind, amount_micros, reservation_id, member_id, actor_id,
                                          note, created_at, price_version_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, coalesce(cast(? as timestamptz), now()), ?)
                """)) {
            ps.setLong(1, teamId);
            ps.setObject(2, period);
            ps.setString(3, kind.name());
            ps.setLong(4, amount.micros());
            ps.setObject(5, reservationId);
            ps.setObject(6, memberId);
            ps.setObject(7, actorId);
            ps.setString(8, note);
            ps.setTimestamp(9, now);
            ps.setObject(10, priceVersion, java.sql.Types.BIGINT);
            ps.executeUpdate();
        }
    }

    /** Moves the running totals of the team (and of the member, when given) by the deltas. */
    void addToTotals(long teamId, LocalDate period, Long memberId, Money spentDelta, Money reservedDelta)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into period_total (team_id, period_start, spent_micros, reserved_micros) values (?, ?, ?, ?)
                on conflict (team_id, period_start) do update set
                    spent_micros = period_total.spent_micros + excluded.spent_micros,
                    reserved_micros = period_total.reserved_micros + excluded.reserved_micros
                """)) {
            ps.setLong(1, teamId);
            ps.setObject(2, period);
            ps.setLong(3, spentDelta.micros());
            ps.setLong(4, reservedDelta.micros());
            ps.executeUpdate();
        }
        if (memberId == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                insert into member_period_total (team_id, period_start, user_id, spent_micros, reserved_micros)
                values (?, ?, ?, ?, ?)
                on conflict (team_id, period_start, user_id) do update set
                    spent_micros = member_period_total.spent_micros + excluded.spent_micros,
                    reserved_micros = member_period_total.reserved_micros + excluded.reserved_micros
                """)) {
            ps.setLong(1, teamId);
            ps.setObject(2, period);
            ps.setLong(3, memberId);
            ps.setLong(4, spentDelta.micros());
            ps.setLong(5, reservedDelta.micros());
            ps.executeUpdate();
        }
    }

    /** Records each threshold once per period; returns the ones recorded now (not earlier). */
    List<Integer> recordAlerts(long teamId, LocalDate period, List<Integer> thresholds, Money spent, Money budget)
            throws SQLException {
        List<Integer> recorded = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                insert into budget_alert (team_id, period_start, threshold_pct, spent_micros, budget_micros)
                values (?, ?, ?, ?, ?) on conflict do nothing
                """)) {
            for (int threshold : thresholds) {
                ps.setLong(1, teamId);
                ps.setObject(2, period);
                ps.setInt(3, threshold);
                ps.setLong(4, spent.micros());
                ps.setLong(5, budget.micros());
                if (ps.executeUpdate() == 1) {
                    recorded.add(threshold);
                }
            }
        }
        return recorded;
    }

    /** Records that the budget refused a request this period (kept once per period, for the alert mail). */
    void recordExhausted(long teamId, LocalDate period, Money spent, Money budget) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into budget_alert (team_id, period_start, kind, threshold_pct, spent_micros, budget_micros)
                values (?, ?, 'EXHAUSTED', 100, ?, ?) on conflict do nothing
                """)) {
            ps.setLong(1, teamId);
            ps.setObject(2, period);
            ps.setLong(3, spent.micros());
            ps.setLong(4, budget.micros());
            ps.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
