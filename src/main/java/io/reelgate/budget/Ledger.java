package io.reelgate.budget;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The team ledger: balances (one row read), corrections (refunds, adjustments) under the same
 * team lock as admissions and settlements, and reconciliation of totals against entries.
 */
@ApplicationScoped
public class Ledger {

    private static final String SPENT = "case kind when 'CHARGE' then amount_micros when 'REFUND' then -amount_micros "
            + "when 'ADJUSTMENT' then amount_micros else 0 end";
    private static final String RESERVED = "case kind when 'RESERVE' then amount_micros when 'RELEASE' then -amount_micros "
            + "else 0 end";

    private final DataSource dataSource;
    private final Money defaultBudget;
    private final Money maxAmount;
    private final InstantSource clock;
    private final int driftAlertPercent;

    Ledger(DataSource dataSource, BudgetConfig config, InstantSource clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.driftAlertPercent = config.driftAlertPercent();
        this.defaultBudget = Money.parse(config.defaultAmountUsd().toPlainString());
        this.maxAmount = Money.parse(config.maxAmountUsd().toPlainString());
    }

    /** The team's balance in the period containing {@code at}. */
    @Transactional
    public Balance balance(long teamId, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            MoneySql ledger = new MoneySql(c);
            MoneySql.BudgetRow b = ledger.budget(teamId, defaultBudget, false);
            BudgetPeriod period = BudgetPeriod.containing(at, b.zone(), b.resetDay());
            MoneySql.Totals totals = ledger.totals(teamId, period.start());
            return new Balance(period, b.amount(), b.limit(), totals.spent(), totals.reserved(), b.capMode(),
                    b.softAllowancePct());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The team's balance and one member's part of it: their cap (their own, else the team's default
     * member cap; null for none), what they spent and what they have reserved.
     */
    public record Standing(Balance team, Money memberCap, Money memberSpent, Money memberReserved) {
    }

    /** The team's balance and the member's standing in the period containing {@code at}, in admission's one read. */
    @Transactional
    public Standing standing(long teamId, long userId, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            MoneySql ledger = new MoneySql(c);
            Optional<MoneySql.View> read = ledger.view(teamId, userId, at);
            if (read.isEmpty()) {
                ledger.createBudgetIfMissing(teamId, defaultBudget);
                read = ledger.view(teamId, userId, at);
            }
            MoneySql.View view = read.orElseThrow(() -> new IllegalArgumentException("No team " + teamId));
            MoneySql.BudgetRow b = view.budget();
            MoneySql.Stats stats = view.stats();
            Balance team = new Balance(BudgetPeriod.containing(at, b.zone(), b.resetDay()), b.amount(), b.limit(),
                    stats.team().spent(), stats.team().reserved(), b.capMode(), b.softAllowancePct());
            return new Standing(team, view.memberCap(), stats.member().spent(), stats.member().reserved());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A member's spent and reserved money in the team's current period. */
    @Transactional
    public Money[] memberSpentAndReserved(long teamId, long userId, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            MoneySql ledger = new MoneySql(c);
            MoneySql.BudgetRow b = ledger.budget(teamId, defaultBudget, false);
            BudgetPeriod period = BudgetPeriod.containing(at, b.zone(), b.resetDay());
            MoneySql.Totals totals = ledger.memberTotals(teamId, period.start(), userId);
            return new Money[] { totals.spent(), totals.reserved() };
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A signed correction of the team's spending in the current period (positive: more spent).
     *
     * @throws IllegalArgumentException with a sentence for people when the amount or note is unusable
     */
    @Transactional
    public void adjust(long teamId, Money amount, long actorId, String note) {
        if (amount.isZero()) {
            throw new IllegalArgumentException("An adjustment must change the balance: enter a non-zero amount.");
        }
        if (amount.micros() > maxAmount.micros() || -amount.micros() > maxAmount.micros()) {
            throw new IllegalArgumentException("Adjustments are limited to " + maxAmount.display() + ".");
        }
        requireNote(note);
        try (Connection c = dataSource.getConnection()) {
            Instant now = clock.instant();
            MoneySql ledger = new MoneySql(c, now);
            MoneySql.BudgetRow b = ledger.budget(teamId, defaultBudget, true);
            LocalDate period = BudgetPeriod.containing(now, b.zone(), b.resetDay()).start();
            ledger.append(teamId, period, LedgerKind.ADJUSTMENT, amount, null, null, actorId, note.trim());
            ledger.addToTotals(teamId, period, null, amount, Money.ZERO);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Gives back (part of) what a settled request was charged, in the period it was charged in.
     *
     * @throws IllegalArgumentException when the reservation is open or the amount exceeds what is left to refund
     */
    @Transactional
    public void refund(long reservationId, Money amount, long actorId, String note) {
        if (amount.micros() <= 0) {
            throw new IllegalArgumentException("A refund must be a positive amount.");
        }
        requireNote(note);
        try (Connection c = dataSource.getConnection()) {
            MoneySql ledger = new MoneySql(c, clock.instant());
            long teamId = ledger.teamOfReservation(reservationId)
                    .orElseThrow(() -> new IllegalArgumentException("No such request."));
            ledger.budget(teamId, defaultBudget, true);
            MoneySql.ReservationRow r = ledger.lockReservation(reservationId);
            if (!r.settled()) {
                throw new IllegalArgumentException("This request has not been settled yet; nothing was charged to refund.");
            }
            Money refundable = r.charged().minus(ledger.refunded(reservationId));
            if (amount.compareTo(refundable) > 0) {
                throw new IllegalArgumentException("At most " + refundable.display() + " of this request's "
                        + r.charged().display() + " charge can still be refunded.");
            }
            ledger.append(teamId, r.periodStart(), LedgerKind.REFUND, amount, reservationId, r.memberId(), actorId,
                    note.trim());
            ledger.addToTotals(teamId, r.periodStart(), r.memberId(), amount.negate(), Money.ZERO);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Per provider, what billed jobs settled in the last {@code days} days cost by the price book and by the bill. */
    @Transactional
    public BillingDrift drift(int days) {
        List<BillingDrift.Row> rows = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("""
                select provider, count(*) as jobs, sum(price_book_micros) as price_book, sum(billed_micros) as billed,
                       sum(charged_micros) as charged
                from reservation
                where billed_micros is not null and settled_at > ? group by provider order by provider
                """)) {
            ps.setObject(1, java.time.OffsetDateTime.ofInstant(clock.instant().minus(java.time.Duration.ofDays(days)),
                    java.time.ZoneOffset.UTC));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(new BillingDrift.Row(rs.getString("provider"), rs.getLong("jobs"), rs.getLong("price_book"),
                            rs.getLong("billed"), rs.getLong("charged")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new BillingDrift(clock.instant(), days, driftAlertPercent, rows);
    }

    /** Checks every team and member total, and every team's open reservations, against the entries. */
    @Transactional
    public Reconciliation reconcile() {
        List<Reconciliation.Mismatch> mismatches = new ArrayList<>();
        int checked = 0;
        try (Connection c = dataSource.getConnection()) {
            checked += compare(c, "team", """
                    with sums as (select team_id, period_start, sum(%s) s, sum(%s) r
                                  from ledger_entry group by team_id, period_start)
                    select coalesce(p.team_id, x.team_id) as team_id, coalesce(p.period_start, x.period_start) as period_start,
                           null::bigint as member_id,
                           coalesce(p.spent_micros, 0) as total_spent, coalesce(x.s, 0) as entries_spent,
                           coalesce(p.reserved_micros, 0) as total_reserved, coalesce(x.r, 0) as entries_reserved
                    from period_total p full join sums x on x.team_id = p.team_id and x.period_start = p.period_start
                    """.formatted(SPENT, RESERVED), mismatches);
            checked += compare(c, "member", """
                    with sums as (select team_id, period_start, member_id, sum(%s) s, sum(%s) r
                                  from ledger_entry where member_id is not null group by team_id, period_start, member_id)
                    select coalesce(p.team_id, x.team_id) as team_id, coalesce(p.period_start, x.period_start) as period_start,
                           coalesce(p.user_id, x.member_id) as member_id,
                           coalesce(p.spent_micros, 0) as total_spent, coalesce(x.s, 0) as entries_spent,
                           coalesce(p.reserved_micros, 0) as total_reserved, coalesce(x.r, 0) as entries_reserved
                    from member_period_total p full join sums x
                      on x.team_id = p.team_id and x.period_start = p.period_start and x.member_id = p.user_id
                    """.formatted(SPENT, RESERVED), mismatches);
            checked += compare(c, "open reservations", """
                    with open as (select team_id, period_start, sum(amount_micros) r
                                  from reservation where state = 'OPEN' group by team_id, period_start)
                    select p.team_id, p.period_start, null::bigint as member_id, 0 as total_spent, 0 as entries_spent,
                           p.reserved_micros as total_reserved, coalesce(o.r, 0) as entries_reserved
                    from period_total p left join open o on o.team_id = p.team_id and o.period_start = p.period_start
                    """, mismatches);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Reconciliation(clock.instant(), checked, mismatches);
    }

    private static int compare(Connection c, String scope, String sql, List<Reconciliation.Mismatch> out)
            throws SQLException {
        int rows = 0;
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows++;
                long user = rs.getLong("member_id");
                Long userId = rs.wasNull() ? null : user;
                long totalSpent = rs.getLong("total_spent");
                long entriesSpent = rs.getLong("entries_spent");
                long totalReserved = rs.getLong("total_reserved");
                long entriesReserved = rs.getLong("entries_reserved");
                if (totalSpent != entriesSpent || totalReserved != entriesReserved) {
                    out.add(new Reconciliation.Mismatch(scope, rs.getLong("team_id"), rs.getObject("period_start",
                            LocalDate.class), userId,
                            totalSpent, entriesSpent, totalReserved, entriesReserved));
                }
            }
        }
        return rows;
    }

    private static void requireNote(String note) {
        if (note == null || note.isBlank()) {
            throw new IllegalArgumentException("Say why in the note; corrections without a reason cannot be audited.");
        }
        if (note.length() > 500) {
            throw new IllegalArgumentException("Keep the note under 500 characters.");
        }
    }
}
