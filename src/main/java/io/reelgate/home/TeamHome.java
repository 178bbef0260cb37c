package io.reelgate.home;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import io.reelgate.budget.Balance;
import io.reelgate.team.TeamUrls;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.videos.GalleryQueries;
import io.reelgate.videos.GalleryCard;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobView;
import io.reelgate.team.Team;
import io.reelgate.web.Formats;
import io.reelgate.web.SqlTimes;

/**
 * What a member needs when they arrive at their team: the money left this period (the team's and
 * their own cap), the jobs running now, the latest videos (theirs and everyone's) and, for admins,
 * the spending alerts that fired this period. Read-only; every figure comes from the same services
 * admission and the dashboard use, so the home page never disagrees with them.
 */
@ApplicationScoped
public class TeamHome {

    static final int RUNNING = 5;
    static final int VIDEOS = 4;

    /** The member's own cap this period; {@code cap} null: no cap, the team budget applies. */
    public record MemberCap(Money cap, Money spent, Money reserved) {
        public Money left() {
            return cap == null ? null : cap.minus(spent).minus(reserved).max(Money.ZERO);
        }

        public int percentUsed() {
            return cap == null ? 0 : Math.min(100, spent.plus(reserved).percentOf(cap));
        }
    }

    /** A job that has not finished, as the home page lists it. */
    public record Running(long id, String prompt, String model, String state, int progress, String author,
            String since, String url) {
    }

    /** A spending alert that fired this period. */
    public record Alert(String what, String when, boolean delivered) {
    }

    /** Everything on the page. {@code moreRunning}: more jobs run than are listed. */
    public record Summary(Balance balance, String resetsOn, MemberCap cap, List<Running> running, boolean moreRunning,
            List<GalleryCard> mine, List<GalleryCard> team, List<Alert> alerts) {

        public int percentCommitted() {
            return Math.min(100, balance.percentCommitted());
        }

        public String meterTone() {
            int p = balance.percentCommitted();
            return p >= 90 ? "danger" : p >= 75 ? "warning" : "ok";
        }
    }

    private final Ledger ledger;
    private final JobQueries jobs;
    private final GalleryQueries gallery;
    private final EntityManager em;
    private final InstantSource clock;

    TeamHome(Ledger ledger, JobQueries jobs, GalleryQueries gallery, EntityManager em, InstantSource clock) {
        this.ledger = ledger;
        this.jobs = jobs;
        this.gallery = gallery;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public Summary of(Team team, long userId, boolean admin) {
        Instant now = clock.instant();
        Ledger.Standing standing = ledger.standing(team.id, userId, now);
        Balance balance = standing.team();

        JobQueries.Page active = jobs.list(team.id, null, JobQueries.StatusFilter.ACTIVE, null, RUNNING);
        Map<Long, JobQueries.CardFacts> facts = jobs.cardFacts(active.jobs().stream().map(j -> j.id()).toList());
        List<Running> running = new ArrayList<>();
        for (JobView j : active.jobs()) {
            JobQueries.CardFacts f = facts.get(j.id());
            running.add(new Running(j.id(), Formats.shorten(j.prompt(), 90), j.model(), j.state().label(), j.progress(),
                    f == null ? "" : f.author(), Formats.clock(j.createdAt(), team.zone()),
                    TeamUrls.url(team, "jobs", j.id())));
        }

        List<GalleryCard> mine = latest(team, userId, userId);
        List<GalleryCard> everyone = latest(team, userId, null);
        List<Alert> alerts = admin ? alerts(team, balance) : List.of();
        String resetsOn = Formats.date(balance.period().endsAt(), team.zone());
        return new Summary(balance, resetsOn, new MemberCap(standing.memberCap(), standing.memberSpent(), standing.memberReserved()), running, active.next() != null, mine,
                everyone, alerts);
    }

    private List<GalleryCard> latest(Team team, long viewerId, Long memberId) {
        GalleryQueries.Filter filter = new GalleryQueries.Filter(null, null, memberId, null, null,
                GalleryQueries.Outcome.COMPLETED, false);
        return gallery.page(team.id, viewerId, filter, team.zone(), null, VIDEOS).items().stream()
                .map(item -> GalleryCard.of(item, team)).toList();
    }

    private List<Alert> alerts(Team team, Balance balance) {
        List<Tuple> rows = em.createNativeQuery("""
                select kind, threshold_pct as threshold, spent_micros as spent, budget_micros as budget,
                       created_at as fired_at, delivered_at is not null as delivered
                from budget_alert where team_id = ?1 and period_start = ?2
                order by created_at desc, id desc limit 10""", Tuple.class)
                .setParameter(1, team.id).setParameter(2, balance.period().start()).getResultList();
        List<Alert> alerts = new ArrayList<>();
        for (Tuple r : rows) {
            Money spent = Money.ofMicros(r.get("spent", Number.class).longValue());
            Money budget = Money.ofMicros(r.get("budget", Number.class).longValue());
            String what = "EXHAUSTED".equals(r.get("kind", String.class))
                    ? "Budget used up: a request was refused at " + spent.displayCents() + " of " + budget.displayCents()
                    : r.get("threshold", Number.class).intValue() + " % of the budget reached: " + spent.displayCents()
                            + " of " + budget.displayCents();
            alerts.add(new Alert(what, Formats.dateTime(SqlTimes.instant(r.get("fired_at")), team.zone()),
                    Boolean.TRUE.equals(r.get("delivered", Boolean.class))));
        }
        return alerts;
    }
}
