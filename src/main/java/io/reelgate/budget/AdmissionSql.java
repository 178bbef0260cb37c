package io.reelgate.budget;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.reelgate.budget.AdmissionResult.Admitted;
import io.reelgate.budget.AdmissionResult.Rejected;
import io.reelgate.team.TierConfig;

/**
 * The admission decision as SQL on one connection, inside the caller's transaction: take the
 * team's money lock (a transaction-scoped advisory lock, {@link MoneySql#lock}), check budget, member cap and rate limits against the database, then write
 * the reservation, its ledger entry and the running totals — or write nothing and say why.
 * Plain class so tests can run it on independent connection pools (several app instances).
 */
public final class AdmissionSql {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

    private final PriceBook prices;
    private final TierConfig tiers;
    private final Money defaultBudget;
    private final Consumer<BudgetExhausted> exhausted;

    /** {@code exhausted} hears of every refusal by the budget (for the alert mail, written outside this transaction). */
    public AdmissionSql(PriceBook prices, TierConfig tiers, Money defaultBudget, Consumer<BudgetExhausted> exhausted) {
        this.prices = prices;
        this.tiers = tiers;
        this.defaultBudget = defaultBudget;
        this.exhausted = exhausted;
    }

    public AdmissionResult admit(Connection connection, AdmissionRequest request, Instant now) throws SQLException {
        PriceBook.Quote quote = prices.quote(request.provider(), request.model(), request.size(), request.seconds(),
                request.withAudio(), request.extension());
        if (!quote.valid()) {
            return Rejected.invalid(quote.problem().param(), quote.problem().message());
        }
        MoneySql ledger = new MoneySql(connection, now);
        MoneySql.View view = view(ledger, request, now, true);
        MoneySql.BudgetRow budget = view.budget();
        BudgetPeriod period = BudgetPeriod.containing(now, budget.zone(), budget.resetDay());
        Check check = check(ledger, budget, request, quote, now, period, view.stats());
        Rejected refusal = check.refusal();
        if (refusal != null && !(refusal.reason().rateLimit() && request.scheduleIfLimited())) {
            if (refusal.reason() == Rejected.Reason.BUDGET_EXCEEDED) {
                exhausted.accept(new BudgetExhausted(request.teamId(), check.period().start(), view.stats().team().spent(),
                        budget.amount()));
            }
            return refusal;
        }
        Instant countsAt = check.slot();
        Instant notBefore = countsAt.isAfter(now) ? countsAt : null;
        LocalDate day = countsAt.atZone(budget.zone()).toLocalDate();
        if (!view.stats().rowsExist() || notBefore != null) {
            ledger.createCounters(request.teamId(), check.period().start(), request.memberId(), day);
        }
        long id = ledger.reserve(request, check.period().start(), quote.perSecond().micros(), quote.microsPerVideo(),
                quote.cost(), countsAt, notBefore, day, false, quote.priceVersion());
        return new Admitted(id, quote.cost(), quote.credits(), check.period().start(), notBefore);
    }

    /**
     * Moves an open reservation to another route of its model (the job's next route), in the
     * caller's transaction under the team's money lock: priced anew by that route's catalog, and
     * refused — nothing written — when the difference does not fit what the team (or the member)
     * has left. Written as a RELEASE of the old amount and a RESERVE of the new one, so the ledger
     * names both prices and reconciles.
     */
    public AdmissionResult reprice(Connection connection, long reservationId, String provider, String model,
            boolean withAudio, Instant now) throws SQLException {
        MoneySql ledger = new MoneySql(connection, now);
        long teamId = ledger.teamOfReservation(reservationId)
                .orElseThrow(() -> new IllegalArgumentException("No reservation " + reservationId));
        ledger.lock(teamId);
        MoneySql.ReservationRow before = ledger.lockReservation(reservationId);
        MoneySql.View view = ledger.view(teamId, before.memberId(), now).orElse(null);
        if (before.settled()) {
            throw new IllegalStateException("Reservation " + reservationId + " is settled; its route cannot change");
        }
        PriceBook.Quote quote = prices.quote(provider, model, before.size(), before.seconds(), withAudio);
        if (!quote.valid()) {
            return Rejected.invalid(quote.problem().param(), quote.problem().message());
        }
        MoneySql.BudgetRow budget = view != null ? view.budget() : ledger.budget(teamId, defaultBudget, false);
        if (!budget.allows(provider, model)) {
            return Rejected.invalid("model", "Your team may not use " + provider + "/" + model + ".");
        }
        LocalDate period = before.periodStart();
        Money delta = quote.cost().minus(before.amount());
        if (delta.micros() > 0) {
            Money left = budget.limit().minus(ledger.totals(teamId, period).committed()).max(Money.ZERO);
            if (delta.compareTo(left) > 0) {
                exhausted.accept(new BudgetExhausted(teamId, period, ledger.totals(teamId, period).spent(),
                        budget.amount()));
                return Rejected.budget(left, delta, "The next route costs " + quote.cost().display() + " instead of "
                        + before.amount().display() + "; the " + delta.display() + " more does not fit the "
                        + left.display() + " left of the team's budget.");
            }
            Money cap = view == null ? null : view.memberCap();
            if (cap != null) {
                Money mine = cap.minus(ledger.memberTotals(teamId, period, before.memberId()).committed()).max(Money.ZERO);
                if (delta.compareTo(mine) > 0) {
                    return Rejected.memberCap(mine, delta, "The next route costs " + quote.cost().display()
                            + " instead of " + before.amount().display() + "; the " + delta.display()
                            + " more does not fit the " + mine.display() + " left of your personal cap.");
                }
            }
        }
        String note = "route " + before.provider() + "/" + before.model() + " -> " + provider + "/" + model;
        ledger.append(teamId, period, LedgerKind.RELEASE, before.amount(), reservationId, before.memberId(),
                before.memberId(), note);
        ledger.append(teamId, period, LedgerKind.RESERVE, quote.cost(), reservationId, before.memberId(),
                before.memberId(), note, quote.priceVersion());
        ledger.addToTotals(teamId, period, before.memberId(), Money.ZERO, delta);
        ledger.moveReservation(reservationId, provider, model, quote.perSecond().micros(), quote.microsPerVideo(),
                quote.cost(), quote.priceVersion());
        return new Admitted(reservationId, quote.cost(), quote.credits(), period, null);
    }

    /**
     * Holds money for a sequence of requests in one decision, all or nothing: the budget and the
     * member's cap are checked against their sum, then one hold per request is written (a
     * reservation that counts against no rate limit: each request counts when it is admitted on
     * its own, {@link MoneySql#reserve}). With {@code write} false, only says what it would do.
     */
    public SequenceHold hold(Connection connection, long teamId, long memberId, List<AdmissionRequest> requests,
            Instant now, boolean write) throws SQLException {
        if (requests.isEmpty()) {
            throw new IllegalArgumentException("Nothing to hold");
        }
        MoneySql ledger = write ? new MoneySql(connection, now) : new MoneySql(connection);
        MoneySql.View view = view(ledger, requests.get(0), now, write);
        MoneySql.BudgetRow budget = view.budget();
        BudgetPeriod period = BudgetPeriod.containing(now, budget.zone(), budget.resetDay());
        List<PriceBook.Quote> quotes = new ArrayList<>();
        Money total = Money.ZERO;
        int seconds = 0;
        Rejected refusal = budget.archived() ? Rejected.archived() : null;
        for (AdmissionRequest r : requests) {
            PriceBook.Quote quote = prices.quote(r.provider(), r.model(), r.size(), r.seconds(), r.withAudio());
            if (!quote.valid() && refusal == null) {
                refusal = Rejected.invalid(quote.problem().param(), quote.problem().message());
            } else if (refusal == null && !budget.allows(r.provider(), r.model())) {
                refusal = Rejected.invalid("model", "Your team may not use " + r.model()
                        + ". An operator decides which models each team can use.");
            }
            quotes.add(quote);
            total = quote.valid() ? total.plus(quote.cost()) : total;
            seconds += r.seconds();
        }
        String subject = requests.size() == 1 ? "This shot" : "These " + requests.size() + " shots (" + seconds + " s)";
        if (refusal == null) {
            refusal = moneyCheck(budget, view.stats(), subject, total, period);
            if (refusal != null && refusal.reason() == Rejected.Reason.BUDGET_EXCEEDED && write) {
                exhausted.accept(new BudgetExhausted(teamId, period.start(), view.stats().team().spent(), budget.amount()));
            }
        }
        Money left = budget.limit().minus(view.stats().team().committed()).minus(total);
        List<Long> ids = new ArrayList<>();
        List<Money> costs = quotes.stream().map(q -> q.valid() ? q.cost() : Money.ZERO).toList();
        if (refusal == null && write) {
            LocalDate day = now.atZone(budget.zone()).toLocalDate();
            ledger.createCounters(teamId, period.start(), memberId, day);
            for (int i = 0; i < requests.size(); i++) {
                PriceBook.Quote quote = quotes.get(i);
                ids.add(ledger.reserve(requests.get(i), period.start(), quote.perSecond().micros(),
                        quote.microsPerVideo(), quote.cost(), now, null, day, true, quote.priceVersion()));
            }
        }
        return new SequenceHold(ids, costs, total, seconds, left, refusal);
    }

    /** The same checks without locking or writing: what admitting now would do. */
    public Estimate estimate(Connection connection, AdmissionRequest request, Instant now) throws SQLException {
        PriceBook.Quote quote = prices.quote(request.provider(), request.model(), request.size(), request.seconds(),
                request.withAudio(), request.extension());
        MoneySql ledger = new MoneySql(connection);
        MoneySql.View view = view(ledger, request, now, false);
        MoneySql.BudgetRow budget = view.budget();
        BudgetPeriod period = BudgetPeriod.containing(now, budget.zone(), budget.resetDay());
        MoneySql.Stats stats = view.stats();
        Limits limits = limits(budget);
        Rejected refusal = quote.valid() ? check(ledger, budget, request, quote, now, period, stats).refusal()
                : Rejected.invalid(quote.problem().param(), quote.problem().message());
        Money after = budget.limit().minus(stats.team().committed()).minus(quote.cost());
        int lastMinute = RateWindow.countInWindowEndingAt(
                ledger.requestTimesSince(request.teamId(), now.minus(RateWindow.WINDOW)), now);
        return new Estimate(quote, period, budget.amount(), budget.limit(), stats.team().spent(), stats.team().reserved(),
                after, limits.perMinute(), Math.max(0, limits.perMinute() - lastMinute), limits.perDay(),
                Math.max(0, limits.perDay() - stats.today()), refusal);
    }

    /** Reads (and with {@code lock}, locks) the team's budget and statistics, creating its budget on first use. */
    private MoneySql.View view(MoneySql ledger, AdmissionRequest request, Instant now, boolean lock)
            throws SQLException {
        MoneySql.View view = (lock ? ledger.lockAndView(request.teamId(), request.memberId(), now)
                : ledger.view(request.teamId(), request.memberId(), now)).orElse(null);
        if (view == null) {
            ledger.createBudgetIfMissing(request.teamId(), defaultBudget);
            view = ledger.view(request.teamId(), request.memberId(), now).orElseThrow();
        }
        LocalDate expected = BudgetPeriod.containing(now, view.budget().zone(), view.budget().resetDay()).start();
        if (!expected.equals(view.periodStart())) {
            throw new IllegalStateException("Period computed in SQL (" + view.periodStart() + ") differs from "
                    + BudgetPeriod.class.getSimpleName() + " (" + expected + ") for team " + request.teamId());
        }
        return view;
    }

    private record Check(BudgetPeriod period, Instant slot, Rejected refusal) {
    }

    private record Limits(int perMinute, int perDay, String tierLabel) {
    }

    private Check check(MoneySql ledger, MoneySql.BudgetRow budget, AdmissionRequest request,
            PriceBook.Quote quote, Instant now, BudgetPeriod period, MoneySql.Stats stats) throws SQLException {
        if (budget.archived()) {
            return new Check(period, now, Rejected.archived());
        }
        if (!budget.allows(request.provider(), request.model())) {
            return new Check(period, now, Rejected.invalid("model", "Your team may not use " + request.model()
                    + ". An operator decides which models each team can use."));
        }
        Rejected money = moneyCheck(budget, stats, "This video", quote.cost(), period);
        if (money != null) {
            return new Check(period, now, money);
        }
        Limits limits = limits(budget);
        if (stats.today() < limits.perDay() && stats.lastMinute() < limits.perMinute() && stats.scheduledLater() == 0) {
            // The common case, from counters: room now and nothing queued ahead. The per-second
            // count over-approximates the window, so "room" here is always room exactly.
            return new Check(period, now, null);
        }
        return rateCheck(ledger, budget, request.teamId(), now, period);
    }

    /** The budget and the member's cap against {@code cost}; null when both have room. */
    private static Rejected moneyCheck(MoneySql.BudgetRow budget, MoneySql.Stats stats, String subject, Money cost,
            BudgetPeriod period) {
        String resets = DAY.format(period.end());
        Money available = budget.limit().minus(stats.team().committed());
        if (cost.compareTo(available) > 0) {
            Money left = available.max(Money.ZERO);
            String allowance = budget.capMode() == CapMode.SOFT && budget.softAllowancePct() > 0
                    ? " (including the " + budget.softAllowancePct() + "% soft-cap allowance)" : "";
            return Rejected.budget(left, cost, subject + " would cost " + cost.display()
                    + ", but only " + left.display() + " of the team's " + budget.amount().display() + " budget" + allowance
                    + " is left in this period. The budget resets on " + resets + "; a team admin can raise it.");
        }
        Money cap = MoneySql.memberCap(budget, stats);
        if (cap != null) {
            Money left = cap.minus(stats.member().committed());
            if (cost.compareTo(left) > 0) {
                Money shown = left.max(Money.ZERO);
                return Rejected.memberCap(shown, cost, subject + " would cost " + cost.display()
                        + ", but only " + shown.display() + " of your personal " + cap.display()
                        + " cap is left in this period. It resets on " + resets + "; a team admin can raise it.");
            }
        }
        return null;
    }

    /** Finds the earliest instant the request fits both the daily and the per-minute limit. */
    private Check rateCheck(MoneySql ledger, MoneySql.BudgetRow budget, long teamId, Instant now,
            BudgetPeriod period) throws SQLException {
        Limits limits = limits(budget);
        ZoneId zone = budget.zone();
        Instant t = now;
        Rejected.Reason firstBlock = null;
        Instant resetsAt = null;
        for (int attempt = 0; attempt < 60; attempt++) {
            Instant[] day = BudgetPeriod.dayOf(t, zone);
            if (ledger.requestsOn(teamId, t.atZone(zone).toLocalDate()) >= limits.perDay()) {
                if (firstBlock == null) {
                    firstBlock = Rejected.Reason.DAILY_LIMIT;
                    resetsAt = day[1];
                }
                t = day[1];
                continue;
            }
            List<Instant> times = ledger.requestTimesSince(teamId, t.minus(RateWindow.WINDOW));
            Instant slot = RateWindow.earliest(times, t, limits.perMinute());
            if (slot.isAfter(t) && firstBlock == null) {
                firstBlock = Rejected.Reason.RATE_LIMITED;
            }
            if (!slot.isBefore(day[1])) {
                t = slot;
                continue; // pushed into the next day: check that day's limit too
            }
            if (firstBlock == null) {
                return new Check(period, now, null);
            }
            return new Check(period, slot, refusal(firstBlock, limits, now, slot, resetsAt, zone));
        }
        throw new IllegalStateException("No admissible slot within 60 days for team " + teamId);
    }

    private static Rejected refusal(Rejected.Reason reason, Limits limits, Instant now, Instant slot, Instant resetsAt,
            ZoneId zone) {
        String at = CLOCK.withZone(zone).format(slot);
        if (reason == Rejected.Reason.DAILY_LIMIT) {
            return Rejected.daily(now, resetsAt, slot, "The team has used all " + limits.perDay()
                    + " generation requests for today (" + limits.tierLabel() + "). The limit resets at midnight ("
                    + zone.getId() + "); you can queue this request for " + at + ".");
        }
        Duration wait = Duration.between(now, slot);
        return Rejected.rate(wait, slot, "The team has used its " + limits.perMinute()
                + " generation requests for this minute (" + limits.tierLabel() + "). The next one fits at " + at
                + ": queue it for then, or try again in " + Math.max(1, (wait.toMillis() + 999) / 1000) + " s.");
    }

    private Limits limits(MoneySql.BudgetRow budget) {
        TierConfig.Limits tier = tiers.of(budget.tier());
        int perMinute = budget.customPerMinute() != null ? budget.customPerMinute() : tier.requestsPerMinute();
        int perDay = budget.customPerDay() != null ? budget.customPerDay() : tier.requestsPerDay();
        boolean custom = budget.customPerMinute() != null || budget.customPerDay() != null;
        return new Limits(perMinute, perDay, budget.tier().label() + " tier" + (custom ? ", custom limits" : ""));
    }
}
