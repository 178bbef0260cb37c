package io.reelgate.notify;

import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.quarkus.scheduler.Scheduled;
import io.reelgate.budget.Forecast;
import io.reelgate.outbox.Attempt;
import io.reelgate.outbox.Outbox;
import io.reelgate.outbox.OutboxTable;
import io.reelgate.outbox.Retries;
import io.reelgate.team.TeamUrls;
import io.reelgate.web.SqlRow;
import io.reelgate.budget.Money;
import io.reelgate.web.WebConfig;

/**
 * Mails spending alerts from the {@code budget_alert} outbox. The settling transaction decides and
 * records each crossed threshold once per team and period (a unique key), so concurrent
 * settlements on several instances record it once; this mailer works through pending rows with
 * {@code outbox/Outbox} (claimed under a lease, retried with backoff, each outcome's write fenced),
 * sends one mail per charge naming the highest threshold it crossed to the team's admins, and marks
 * the rows delivered. A crash after recording leaves the rows pending and they are mailed once the
 * lease runs out.
 */
@ApplicationScoped
public class BudgetAlertMailer {

    /**
     * Delivered rows are kept: a row is the record that its threshold was alerted this period (the
     * unique key keeps it from alerting twice) and the team home lists them. Never given up: the
     * backoff stops at {@code reelgate.alerts.max-delay}.
     */
    static final OutboxTable OUTBOX = OutboxTable.of("alert-mails", "budget_alert", "delivered_at is null",
            "delivered_at = now()").batch(100);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    /** One mail: the alerts a single charge recorded. */
    record Batch(long teamId, LocalDate period, long txId, boolean exhausted, List<Long> ids, int threshold,
            long spentMicros, long budgetMicros) {

        /** Mails at 100 % and budget-exhausted mails go to every recipient; lower thresholds respect opt-outs. */
        boolean critical() {
            return exhausted || threshold >= 100;
        }
    }

    /** What the mail says. */
    public record Alert(String team, boolean exhausted, int threshold, String spent, String budget, String remaining, int percent,
            String forecast, String runsOutOn, String periodEnds, String link) {
    }

    private final EntityManager em;
    private final AlertsConfig config;
    private final WebConfig web;
    private final InstantSource clock;
    private final Outbox outbox;

    BudgetAlertMailer(EntityManager em, AlertsConfig config, WebConfig web, InstantSource clock, Outbox outbox) {
        this.clock = clock;
        this.outbox = outbox;
        this.em = em;
        this.config = config;
        this.web = web;
    }

    @Scheduled(every = "${reelgate.alerts.interval:10s}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        deliverPending();
    }

    /** Mails every due alert; returns the number of mails sent. */
    public int deliverPending() {
        int[] sent = {0};
        outbox.sweep(OUTBOX, Retries.backoff(config.retryBase(), config.maxDelay()), this::batches, Batch::ids, batch -> {
            List<String> to = recipients(batch.teamId(), batch.critical());
            if (!to.isEmpty()) {
                Alert alert = describe(batch);
                Postman.deliver(() -> MailTemplates.budgetAlert(alert).to(to.toArray(String[]::new))
                        .subject(batch.exhausted() ? alert.team() + "'s budget is used up: new videos are refused"
                                : alert.team() + " has used " + batch.threshold() + " % of its budget"));
                sent[0]++;
            }
            return Attempt.delivered().with("recipients", String.join(", ", to));
        });
        return sent[0];
    }

    /** The claimed rows as mails: the rows one charge recorded (one transaction) make one mail. */
    @Transactional
    List<Batch> batches(List<Long> ids) {
        List<SqlRow> rows = SqlRow.list(em.createNativeQuery("""
                select id, team_id, period_start, tx_id, threshold_pct, spent_micros, budget_micros, kind
                from budget_alert where id = any(?1) order by id
                """, Tuple.class).setParameter(1, ids.toArray(Long[]::new)));
        Map<String, Batch> batches = new LinkedHashMap<>();
        for (SqlRow r : rows) {
            long team = r.longValue("team_id");
            LocalDate period = r.date("period_start");
            long tx = r.longValue("tx_id");
            int threshold = r.intValue("threshold_pct");
            long spent = r.longValue("spent_micros");
            long budget = r.longValue("budget_micros");
            long id = r.longValue("id");
            boolean exhausted = "EXHAUSTED".equals(r.string("kind"));
            batches.merge(team + "/" + period + "/" + tx + "/" + exhausted,
                    new Batch(team, period, tx, exhausted, List.of(id), threshold, spent, budget),
                    (a, b) -> {
                        List<Long> merged = new ArrayList<>(a.ids());
                        merged.addAll(b.ids());
                        return new Batch(team, period, tx, exhausted, merged, Math.max(a.threshold(), b.threshold()),
                                Math.max(a.spentMicros(), b.spentMicros()), a.budgetMicros());
                    });
        }
        return new ArrayList<>(batches.values());
    }

    /**
     * The team's chosen alert recipients who are still members, or every admin when none are
     * chosen; for non-critical alerts, without those who opted out.
     */
    @Transactional
    List<String> recipients(long teamId, boolean critical) {
        @SuppressWarnings("unchecked")
        List<String> emails = em.createNativeQuery("""
                with chosen as (select r.user_id from alert_recipient r where r.team_id = ?1 and exists (select 1 from
                    membership m where m.team_id = r.team_id and m.user_id = r.user_id)), admins as (select m.user_id
                    from membership m where m.team_id = ?1 and m.role = 'ADMIN' and not exists (select 1 from chosen))
                select distinct u.email
                from app_user u
                where u.id in (select user_id from chosen union select user_id from admins) and u.email is not null and
                    (?2 or u.mail_threshold_alerts)
                order by u.email
                """)
                .setParameter(1, teamId).setParameter(2, critical).getResultList();
        return emails;
    }

    @Transactional
    Alert describe(Batch batch) {
        SqlRow team = SqlRow.single(em.createNativeQuery("select t.name, t.slug, t.time_zone from team t where t.id = ?1",
                Tuple.class).setParameter(1, batch.teamId()));
        ZoneId zone = ZoneId.of(team.string("time_zone"));
        Object spentNow = em.createNativeQuery("select spent_micros from period_total where team_id = ?1 and period_start = ?2")
                .setParameter(1, batch.teamId()).setParameter(2, batch.period()).getResultStream().findFirst().orElse(null);
        long spent = spentNow == null ? batch.spentMicros() : Math.max(batch.spentMicros(), ((Number) spentNow).longValue());
        long budget = batch.budgetMicros();
        LocalDate periodEnd = batch.period().plusMonths(1);
        Forecast f = Forecast.of(spent, budget, batch.period().atStartOfDay(zone).toInstant(),
                periodEnd.atStartOfDay(zone).toInstant(), clock.instant());
        return new Alert(team.string("name"), batch.exhausted(), batch.threshold(), Money.ofMicros(spent).display(), Money.ofMicros(budget).display(),
                Money.ofMicros(Math.max(0, budget - spent)).display(), (int) (spent * 100 / Math.max(1, budget)),
                f.periodEnd().displayCents(),
                f.runsOutAt() == null ? null : DAY.format(f.runsOutAt().atZone(zone)),
                DAY.format(periodEnd.minusDays(1)), web.baseUrlOrLocal() + TeamUrls.of(team.string("slug"), "admin"));
    }
}
