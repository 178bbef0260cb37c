package io.reelgate.notify;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.reelgate.budget.Balance;
import io.reelgate.team.TeamUrls;
import io.reelgate.web.SqlRow;
import io.reelgate.budget.Forecast;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.team.Team;
import io.reelgate.web.WebConfig;

/**
 * The weekly digest (opt-in on the profile page): last week's spend, who and which models spent
 * it, finished and failed videos, and the period so far with its forecast. Sent once per user,
 * team and week: a {@code digest_sent} row is claimed before sending and dropped again when the
 * send fails, so the next run retries. A crash between claiming and sending loses that week's
 * digest (it is informational; alerts do not work this way).
 */
@ApplicationScoped
public class WeeklyDigest {

    private static final Logger LOG = Logger.getLogger(WeeklyDigest.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
    private static final DateTimeFormatter LONG_DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    /** A line of the digest's breakdowns. */
    public record Line(String label, String amount) {
    }

    /** What the mail says. */
    public record Digest(String team, String week, String spentInWeek, List<Line> members, List<Line> models,
            long completed, long failed, String periodSpent, String budget, int percent, String forecast, String runsOutOn,
            String link) {
    }

    private final EntityManager em;
    private final Ledger ledger;
    private final WebConfig web;
    private final InstantSource clock;

    WeeklyDigest(EntityManager em, Ledger ledger, WebConfig web, InstantSource clock) {
        this.clock = clock;
        this.em = em;
        this.ledger = ledger;
        this.web = web;
    }

    @Scheduled(every = "${reelgate.alerts.digest-interval:1h}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sendDue(clock.instant());
    }

    /** Sends every digest due at {@code now}; returns how many mails went out. */
    public int sendDue(Instant now) {
        int sent = 0;
        Map<String, Digest> built = new HashMap<>();
        for (SqlRow r : candidates()) {
            long teamId = r.longValue("team_id");
            ZoneId zone = ZoneId.of(r.string("time_zone"));
            long userId = r.longValue("user_id");
            String email = r.string("email");
            LocalDate weekStart = now.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                    .minusWeeks(1);
            if (!claim(teamId, userId, weekStart)) {
                continue;
            }
            try {
                Digest digest = built.computeIfAbsent(teamId + "/" + weekStart, k -> build(teamId, weekStart, now));
                Postman.deliver(() -> MailTemplates.weeklyDigest(digest).to(email)
                        .subject(digest.team() + ": " + digest.spentInWeek() + " spent in the week of " + digest.week()));
                done(teamId, userId, weekStart);
                sent++;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Weekly digest of team %d for user %d not sent; will retry", teamId, userId);
                release(teamId, userId, weekStart);
            }
        }
        return sent;
    }

    /** Opted-in admins and alert recipients of active teams, with an email address. */
    @Transactional
    List<SqlRow> candidates() {
        return SqlRow.list(em.createNativeQuery("""
                select distinct t.id as team_id, t.time_zone, u.id as user_id, u.email
                from team t join app_user u on u.mail_weekly_digest and u.email is not null
                where t.archived_at is null
                  and (exists (select 1 from membership m where m.team_id = t.id and m.user_id = u.id and m.role = 'ADMIN')
                       or exists (select 1 from alert_recipient a where a.team_id = t.id and a.user_id = u.id
                                  and exists (select 1 from membership m where m.team_id = t.id and m.user_id = u.id)))
                """, Tuple.class));
    }

    @Transactional
    boolean claim(long teamId, long userId, LocalDate weekStart) {
        return em.createNativeQuery("""
                insert into digest_sent (team_id, user_id, week_start)
                values (?1, ?2, ?3)
                on conflict do nothing
                """).setParameter(1, teamId).setParameter(2, userId).setParameter(3, weekStart)
                .executeUpdate() == 1;
    }

    @Transactional
    void done(long teamId, long userId, LocalDate weekStart) {
        em.createNativeQuery("update digest_sent set sent_at = now() where team_id = ?1 and user_id = ?2 and week_start = ?3")
                .setParameter(1, teamId).setParameter(2, userId).setParameter(3, weekStart).executeUpdate();
    }

    @Transactional
    void release(long teamId, long userId, LocalDate weekStart) {
        em.createNativeQuery("delete from digest_sent where team_id = ?1 and user_id = ?2 and week_start = ?3")
                .setParameter(1, teamId).setParameter(2, userId).setParameter(3, weekStart).executeUpdate();
    }

    @Transactional
    Digest build(long teamId, LocalDate weekStart, Instant now) {
        Team team = Team.findById(teamId);
        LocalDate weekEnd = weekStart.plusDays(7);
        List<SqlRow> rows = SqlRow.list(em.createNativeQuery("""
                select s.member_id,
                       coalesce(u.display_name, case when s.member_id = 0 then 'Adjustments' else 'Former member' end) as member,
                       s.model, sum(s.spent_micros) as spent_micros
                from spend_day s left join app_user u on u.id = s.member_id
                where s.team_id = ?1 and s.day >= ?2 and s.day < ?3
                group by 1, 2, 3
                """, Tuple.class).setParameter(1, teamId).setParameter(2, weekStart).setParameter(3, weekEnd));
        long total = 0;
        Map<String, Long> byMember = new HashMap<>();
        Map<String, Long> byModel = new HashMap<>();
        for (SqlRow r : rows) {
            long micros = r.longValue("spent_micros");
            total += micros;
            byMember.merge(r.string("member"), micros, Long::sum);
            byModel.merge(r.string("model").isEmpty() ? "Adjustments" : r.string("model"), micros, Long::sum);
        }
        SqlRow jobs = SqlRow.single(em.createNativeQuery("""
                select count(*) filter (where state = 'COMPLETED') as completed,
                       count(*) filter (where state = 'FAILED') as failed
                from video_job where team_id = ?1 and finished_at >= ?2 and finished_at < ?3
                """, Tuple.class).setParameter(1, teamId)
                .setParameter(2, weekStart.atStartOfDay(team.zone()).toOffsetDateTime())
                .setParameter(3, weekEnd.atStartOfDay(team.zone()).toOffsetDateTime()));
        Balance period = ledger.balance(teamId, now);
        Forecast forecast = period.forecast(now);
        String week = DAY.format(weekStart) + " – " + DAY.format(weekEnd.minusDays(1));
        return new Digest(team.name, week, Money.ofMicros(total).display(), lines(byMember), lines(byModel),
                jobs.longValue("completed"), jobs.longValue("failed"), period.spent().display(),
                period.budget().display(), period.percentSpent(), forecast.periodEnd().display(),
                forecast.runsOutAt() == null ? null : LONG_DAY.format(forecast.runsOutAt().atZone(team.zone())),
                web.baseUrlOrLocal() + TeamUrls.url(team, "admin"));
    }

    private static List<Line> lines(Map<String, Long> values) {
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(values.entrySet());
        sorted.sort(Map.Entry.<String, Long> comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        return sorted.stream().limit(5).map(e -> new Line(e.getKey(), Money.ofMicros(e.getValue()).display())).toList();
    }
}
