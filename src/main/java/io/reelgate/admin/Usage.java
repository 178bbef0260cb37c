package io.reelgate.admin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.budget.Balance;
import io.reelgate.budget.BudgetPeriod;
import io.reelgate.budget.Forecast;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.videos.Failures;
import io.reelgate.generation.ApiKeyNames;
import io.reelgate.identity.User;
import io.reelgate.identity.UserDirectory;
import io.reelgate.team.Team;

/**
 * What the usage dashboard shows: the period's spend against the budget with a run-rate forecast,
 * spend per day, member, model and route ({@link RouteSpend}), and job outcomes by error code. Spend comes from the
 * {@code spend_day} rollup (kept by a trigger on the ledger), so the cost does not grow with the
 * number of ledger entries; outcomes from the finished jobs of the period.
 */
@ApplicationScoped
public class Usage {

    static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    /** The slice of spend made in the browser, next to the API keys'. */
    static final String STUDIO = "Studio (browser)";

    /** A row of a breakdown table. */
    public record Slice(String label, String amount, long micros, int charges, int sharePct) {
    }

    /** Jobs that ended one way (completed, canceled, or failed with one code). */
    public record Outcome(String label, String code, long jobs, boolean failure) {
    }

    /** One day as the table fallback lists it: spent that day and in the period up to it. */
    public record DayRow(String day, String amount, String total) {
    }

    /** A period the switcher links to. */
    public record PeriodLink(String start, String label, boolean current, boolean selected) {
    }

    public record Dashboard(Team team, boolean past, List<PeriodLink> periods, String periodLabel, String resetsOn,
            Balance balance, String forecast,
            boolean forecastOver, String runsOutOn, boolean exhausted, long daysLeft, String burnUpChart,
            String burnUpChartCompact, String dailyChart, String dailyChartCompact,
            List<DayRow> days, String memberChart, List<Slice> members, String modelChart, List<Slice> models,
            String outcomeChart, List<Outcome> outcomes, long jobsFinished, long jobsFailed, List<Slice> keys,
            RouteSpend.Split routes) {

        /** Whether any of the spend came through the Videos API (then spend is split by key). */
        public boolean hasApiSpend() {
            return keys.stream().anyMatch(k -> !k.label().equals(STUDIO));
        }

        public boolean hasSpend() {
            return !members.isEmpty();
        }

        public String spent() {
            return balance.spent().display();
        }

        public String budget() {
            return balance.budget().display();
        }

        public String reserved() {
            return balance.reserved().display();
        }

        public String remaining() {
            return balance.remaining().display();
        }

        public int percent() {
            return balance.percentSpent();
        }

        /** The meter's fill, 0–100. */
        public int meter() {
            return Math.max(0, Math.min(100, balance.percentSpent()));
        }

        public String tone() {
            int p = balance.percentSpent();
            return p >= 100 ? "danger" : p >= 75 ? "warning" : "ok";
        }
    }

    private final DataSource dataSource;
    private final Ledger ledger;
    private final UserDirectory users;
    private final ApiKeyNames apiKeys;
    private final RouteSpend routes;

    Usage(DataSource dataSource, Ledger ledger, UserDirectory users, ApiKeyNames apiKeys, RouteSpend routes) {
        this.routes = routes;
        this.dataSource = dataSource;
        this.ledger = ledger;
        this.users = users;
        this.apiKeys = apiKeys;
    }

    public Dashboard dashboard(Team team, Instant now) {
        return dashboard(team, now, null);
    }

    /**
     * The dashboard of the period starting on {@code periodStart} (null, or not one of
     * {@link Dashboard#periods}: the current one). A past period shows its final numbers against
     * today's budget settings (budgets are not versioned).
     */
    public Dashboard dashboard(Team team, Instant now, LocalDate periodStart) {
        Balance current = ledger.balance(team.id, now);
        ZoneId zone = team.zone();
        List<LocalDate> known = periods(team.id, current.period().start());
        boolean past = periodStart != null && known.contains(periodStart) && !periodStart.equals(current.period().start());
        Balance balance = past ? pastBalance(team, current, periodStart) : current;
        BudgetPeriod period = balance.period();
        LocalDate today = past ? period.end().minusDays(1) : now.atZone(zone).toLocalDate();
        Map<LocalDate, Long> byDay = new HashMap<>();
        Map<Long, long[]> byMember = new HashMap<>();
        Map<String, long[]> byModel = new HashMap<>();
        Map<Long, long[]> byKey = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        long finished = 0;
        long failed = 0;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("""
                    select day, member_id, model, spent_micros, charges, api_key_id
                    from spend_day where team_id = ? and period_start = ?
                    """)) {
                ps.setLong(1, team.id);
                ps.setObject(2, period.start());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long micros = rs.getLong("spent_micros");
                        int charges = rs.getInt("charges");
                        byDay.merge(rs.getObject("day", LocalDate.class), micros, Long::sum);
                        add(byMember.computeIfAbsent(rs.getLong("member_id"), k -> new long[2]), micros, charges);
                        add(byModel.computeIfAbsent(rs.getString("model"), k -> new long[2]), micros, charges);
                        add(byKey.computeIfAbsent(rs.getLong("api_key_id"), k -> new long[2]), micros, charges);
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    select state, coalesce(error_code, '') as code, count(*) as jobs from video_job
                    where team_id = ? and finished_at >= ? and finished_at < ?
                    group by 1, 2 order by 3 desc, 1, 2
                    """)) {
                ps.setLong(1, team.id);
                ps.setObject(2, java.time.OffsetDateTime.ofInstant(period.startsAt(), java.time.ZoneOffset.UTC));
                ps.setObject(3, java.time.OffsetDateTime.ofInstant(period.endsAt(), java.time.ZoneOffset.UTC));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String state = rs.getString("state");
                        String code = rs.getString("code");
                        long jobs = rs.getLong("jobs");
                        finished += jobs;
                        outcomes.add(outcome(state, code, jobs));
                        if ("FAILED".equals(state)) {
                            failed += jobs;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Usage of team " + team.id, e);
        }

        long spent = balance.spent().micros();
        long budget = balance.budget().micros();
        Forecast forecast = past ? new Forecast(spent, null) : balance.forecast(now);
        // used up: nothing more can be admitted (with a soft cap, only past the allowance)
        long limit = balance.limit().micros();
        boolean exhausted = limit > 0 && spent >= limit;
        String runsOut = forecast.runsOutAt() == null ? null : DAY.format(forecast.runsOutAt().atZone(zone));

        List<Charts.Day> days = new ArrayList<>();
        List<DayRow> dayRows = new ArrayList<>();
        long running = 0;
        for (LocalDate d = period.start(); d.isBefore(period.end()); d = d.plusDays(1)) {
            long micros = byDay.getOrDefault(d, 0L);
            days.add(new Charts.Day(d, micros, d.isAfter(today)));
            if (!d.isAfter(today)) {
                running += micros;
                dayRows.add(new DayRow(SHORT.format(d), Money.ofMicros(micros).display(), Money.ofMicros(running).display()));
            }
        }
        Map<Long, User> people = users.byIds(byMember.keySet().stream().filter(id -> id != 0).toList());
        List<Slice> members = slices(byMember, id -> id == 0 ? "Adjustments" : people.containsKey(id)
                ? people.get(id).displayName : "Former member", spent);
        List<Slice> models = slices(byModel, m -> m.isEmpty() ? "Adjustments" : m, spent);
        Map<Long, String> keyNames = keyNames(byKey.keySet());
        List<Slice> keys = slices(byKey, k -> k == 0 ? STUDIO : keyNames.getOrDefault(k, "Deleted key"), spent);

        String range = SHORT.format(period.start()) + " – " + DAY.format(period.end().minusDays(1));
        String dailyTitle = "Spend per day, " + range;
        String dailyDescription = "Columns show what the team spent each day of the period; the dashed line is the even pace "
                + "that would use " + balance.budget().display() + " exactly by the end. Total so far "
                + balance.spent().display() + ".";
        LocalDate runsOutDay = forecast.runsOutAt() == null ? null : forecast.runsOutAt().atZone(zone).toLocalDate();
        String burnTitle = "Spend so far and forecast, " + range;
        String burnDescription = past ? "The line rises with what the team spent in the period, "
                + balance.spent().display() + " in all; the flat line is today's " + balance.budget().display() + " budget."
                : "The line rises with what the team has spent this period, " + balance.spent().display()
                + " so far; the dashed line continues at the same pace to about " + forecast.periodEnd().displayCents()
                + " at the period end; the flat line is the " + balance.budget().display() + " budget."
                + (runsOut == null ? " At this pace the budget is not used up." : " At this pace it is used up on " + runsOut + ".");
        String burnUpChart = Charts.burnUp("chart-burnup", burnTitle, burnDescription, days, budget,
                forecast.periodEndMicros(), runsOutDay, false);
        String burnUpChartCompact = Charts.burnUp("chart-burnup-sm", burnTitle, burnDescription, days, budget,
                forecast.periodEndMicros(), runsOutDay, true);
        String dailyChart = Charts.daily("chart-daily", dailyTitle, dailyDescription, days, budget);
        String dailyChartCompact = Charts.dailyCompact("chart-daily-sm", dailyTitle, dailyDescription, days, budget);
        String memberChart = Charts.bars("chart-members", "Spend per member",
                "Bars rank the members by what they spent this period; the table below lists the same numbers.",
                top(members, 8).stream().map(s -> new Charts.Bar(s.label(), s.micros(), s.amount())).toList(), "tone-brand");
        String modelChart = Charts.bars("chart-models", "Spend per model",
                "Bars rank the models by what they cost this period; the table below lists the same numbers.",
                top(models, 8).stream().map(s -> new Charts.Bar(s.label(), s.micros(), s.amount())).toList(), "tone-info");
        String outcomeChart = Charts.bars("chart-outcomes", "Job outcomes",
                "Bars count the jobs that finished this period by how they ended; failures are split by error code.",
                top(outcomes, 8).stream().map(o -> new Charts.Bar(o.label(), o.jobs(), o.jobs() + (o.jobs() == 1 ? " job" : " jobs"),
                        o.failure() ? "bar-failed" : "bar-ok")).toList(), "tone-outcome");
        long daysLeft = Math.max(0, java.time.temporal.ChronoUnit.DAYS.between(today, period.end()));
        if (past) {
            daysLeft = 0;
        }
        List<PeriodLink> links = new ArrayList<>();
        for (LocalDate start : known) {
            boolean isCurrent = start.equals(current.period().start());
            links.add(new PeriodLink(start.toString(), isCurrent ? "Current period" : MONTH.format(start), isCurrent,
                    start.equals(period.start())));
        }
        return new Dashboard(team, past, links, range, DAY.format(period.end()), balance, forecast.periodEnd().displayCents(),
                forecast.periodEndMicros() > budget, runsOut, exhausted, daysLeft, burnUpChart, burnUpChartCompact, dailyChart,
                dailyChartCompact, dayRows,
                memberChart, members,
                modelChart, models, outcomeChart, outcomes, finished, failed, keys, routes.of(team.id, period.start(), spent));
    }

    /** "name (rg_ab…wxyz)" of the API keys, by id. */
    private Map<Long, String> keyNames(java.util.Set<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        apiKeys.byIds(ids.stream().filter(id -> id != 0).toList())
                .forEach((id, key) -> names.put(id, key.name() + " (" + key.hint() + ")"));
        return names;
    }

    /** Starts of the team's periods with money in them, newest first (at most 12), always with the current one. */
    private List<LocalDate> periods(long teamId, LocalDate currentStart) {
        List<LocalDate> starts = new ArrayList<>();
        starts.add(currentStart);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select period_start from period_total where team_id = ? and period_start < ? order by 1 desc limit 11")) {
            ps.setLong(1, teamId);
            ps.setObject(2, currentStart);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    starts.add(rs.getObject("period_start", LocalDate.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return starts;
    }

    private Balance pastBalance(Team team, Balance current, LocalDate start) {
        long spent = 0;
        long reserved = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select spent_micros, reserved_micros from period_total where team_id = ? and period_start = ?")) {
            ps.setLong(1, team.id);
            ps.setObject(2, start);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    spent = rs.getLong("spent_micros");
                    reserved = rs.getLong("reserved_micros");
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Balance(new BudgetPeriod(start, start.plusMonths(1), team.zone()), current.budget(), current.limit(),
                Money.ofMicros(spent), Money.ofMicros(reserved), current.capMode(), current.softAllowancePct());
    }

    private static void add(long[] acc, long micros, int charges) {
        acc[0] += micros;
        acc[1] += charges;
    }

    static <K> List<Slice> slices(Map<K, long[]> values, java.util.function.Function<K, String> label, long total) {
        List<Slice> out = new ArrayList<>();
        values.forEach((k, v) -> {
            if (v[0] != 0 || v[1] != 0) {
                out.add(new Slice(label.apply(k), Money.ofMicros(v[0]).display(), v[0], (int) v[1],
                        total <= 0 ? 0 : (int) Math.round(v[0] * 100.0 / total)));
            }
        });
        out.sort(Comparator.comparingLong(Slice::micros).reversed().thenComparing(Slice::label));
        return out;
    }

    static <T> List<T> top(List<T> list, int n) {
        return list.size() <= n ? list : list.subList(0, n);
    }

    static Outcome outcome(String state, String code, long jobs) {
        return switch (state) {
            case "COMPLETED" -> new Outcome("Completed", "", jobs, false);
            case "CANCELED" -> new Outcome("Canceled", "", jobs, false);
            default -> new Outcome(code.isEmpty() ? "Failed (no code)"
                    : Failures.explain(code, null, null, false).title(), code.isEmpty() ? "unknown" : code, jobs, true);
        };
    }
}
