package io.reelgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.budget.Settlement;
import io.reelgate.budget.SettlementOutcome;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.reelgate.testing.TestClock;
import io.reelgate.testing.Videos;

/** The usage dashboard answers "how much, who, and when do we run out" from real charges. */
@QuarkusTest
class UsageDashboardTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings budgets;
    @Inject
    Admission admission;
    @Inject
    Settlement settlement;
    @Inject
    Ledger ledger;
    @Inject
    Videos videos;
    @Inject
    EntityManager em;
    @Inject
    TestClock clock;

    /** Noon on the 10th in the team's zone (America/Los_Angeles): a third into a December period. */
    static final Instant MID_PERIOD = Instant.parse("2026-12-10T20:00:00Z");

    Team team;
    Session admin;
    long adminId;
    long maker;

    @AfterEach
    void systemTime() {
        clock.reset();
    }

    @BeforeEach
    void team() {
        clock.set(MID_PERIOD);
        team = fixtures.team("usage", Tier.PRO);
        admin = fixtures.memberOf(team, "uma", TeamRole.ADMIN);
        adminId = fixtures.userId(admin);
        maker = fixtures.personIn(team, "mak", TeamRole.MEMBER);
        budgets.update(team.id, new BudgetSettings.Form("10", "1", "HARD", "0", "", "50,75,90,100"));
    }

    private long charge(long member, String model, String size, int seconds) {
        var r = admission.admit(new AdmissionRequest(team.id, member, "simulator", model, size, seconds, false));
        long id = ((AdmissionResult.Admitted) r).reservationId();
        settlement.settle(id, SettlementOutcome.COMPLETED, seconds);
        return id;
    }

    private Document dashboard() {
        return Jsoup.parse(admin.given().get("/t/" + team.slug + "/admin").then().statusCode(200).extract().asString());
    }

    @Test
    void anEmptyPeriodSaysSoInsteadOfDrawingEmptyCharts() {
        Document page = dashboard();
        assertThat(page.select("[data-testid=spent]").text()).startsWith("$0.00").contains("of $10.00");
        assertThat(page.text()).contains("Nothing spent yet this period").contains("No job finished this period");
        assertThat(page.select("svg.chart")).isEmpty();
        assertThat(page.select("[data-testid=runs-out]").text()).isEqualTo("Not at this pace");
    }

    @Test
    void spendIsBrokenDownByMemberModelAndDayWithAForecast() {
        charge(maker, "sora-2-pro", "1280x720", 10);  // $3.00 (sora-2-pro 720p at $0.30/s)
        charge(maker, "sora-2", "1280x720", 8);       // $0.80
        charge(adminId, "sora-2", "1280x720", 4);     // $0.40
        long refunded = charge(adminId, "sora-2", "1280x720", 4);
        ledger.refund(refunded, Money.parse("0.40"), adminId, "test refund");
        ledger.adjust(team.id, Money.parse("0.25"), adminId, "manual correction");
        videos.row(team.id, maker, "failed one", "sora-2", "FAILED", clock.instant());
        videos.row(team.id, maker, "done one", "sora-2", "COMPLETED", clock.instant());

        Document page = dashboard();
        assertThat(page.select("[data-testid=spent]").text()).startsWith("$4.45").contains("of $10.00");
        assertThat(page.select("[data-testid=percent]").text()).isEqualTo("44 % used");

        List<String> members = rows(page.selectFirst("[data-testid=member-table]"));
        assertThat(members).containsExactly(nameOf(maker) + " | 2 | $3.80", nameOf(adminId) + " | 2 | $0.40",
                "Adjustments | 0 | $0.25");
        assertThat(page.text()).contains("sora-2-pro").contains("$3.00");
        List<String> outcomes = rows(page.selectFirst("[data-testid=outcome-table]"));
        assertThat(outcomes).contains("Completed | 1", "Stopped by content moderation moderation_blocked | 1");

        // every chart is an image with a title and a description, and its numbers are also in a table
        for (Element svg : page.select("svg.chart")) {
            assertThat(svg.attr("role")).isEqualTo("img");
            String[] ids = svg.attr("aria-labelledby").split(" ");
            assertThat(svg.getElementById(ids[0]).tagName()).isEqualTo("title");
            assertThat(svg.getElementById(ids[1]).tagName()).isEqualTo("desc");
        }
        assertThat(page.select("svg.chart")).as("burn-up and daily (wide and narrow each), members, models, outcomes").hasSize(7);
        assertThat(page.select(".chart-wide svg.chart-daily rect.bar")).as("one column for today").hasSize(1);
        assertThat(page.select("svg.chart-bars rect.bar-failed")).hasSize(1);
        assertThat(page.select(".table-fallback table tbody tr").last().text()).endsWith("$4.45");

        // the forecast extends the pace so far (9.5 of 31 days) to the period end: $4.45 / 9.5 × 31
        String forecast = page.select("[data-testid=forecast]").text();
        assertThat(Money.parse(forecast.replace("$", "").replace(",", "")).compareTo(Money.parse("14.00"))).isPositive();

        // the rollup the page reads agrees with the ledger's running total
        long rollup = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select sum(spent_micros) from spend_day where team_id = ?1").setParameter(1, team.id).getSingleResult()).longValue());
        assertEquals(ledger.balance(team.id, clock.instant()).spent().micros(), rollup);
    }

    @Test
    void atThisPaceTheRunOutDateIsShown() {
        budgets.update(team.id, new BudgetSettings.Form("3.80", "1", "HARD", "0", "", "50,75,90,100"));
        charge(maker, "sora-2-pro", "1280x720", 10); // $3.00 of $3.80 early in the period: runs out before the end
        Document page = dashboard();
        // $3.00 in 9.5 days is $0.316 a day: $3.80 is reached after 12.03 days, at 00:45 on 13 December
        assertThat(page.select("[data-testid=runs-out]").text()).isEqualTo("13 Dec 2026");
        assertThat(page.select(".chart-wide svg.chart-burnup .runout-label").text()).startsWith("runs out 13 Dec");
        charge(maker, "sora-2", "1280x720", 8); // $3.80: used up
        page = dashboard();
        assertThat(page.select("[data-testid=runs-out]").text()).isEqualTo("Used up");
        assertThat(page.select("[data-testid=percent]").attr("class")).contains("badge-danger");
        assertThat(page.text()).contains("new videos are refused");
    }

    @Test
    void lastPeriodsFinalNumbersAreOneClickAway() {
        // a video admitted and charged in the previous period (admission decides the period)
        Instant lastMonth = clock.instant().minus(java.time.Duration.ofDays(35));
        var r = admission.admit(new AdmissionRequest(team.id, maker, "simulator", "sora-2", "1280x720", 8, false), lastMonth);
        settlement.settle(((AdmissionResult.Admitted) r).reservationId(), SettlementOutcome.COMPLETED, 8);
        charge(adminId, "sora-2", "1280x720", 4); // this period: $0.40

        Document now = dashboard();
        assertThat(now.select("[data-testid=spent]").text()).startsWith("$0.40");
        List<String> periods = now.select("nav.period-nav a").eachText();
        assertThat(periods).hasSize(2).first().isEqualTo("Current period");
        String previous = now.select("nav.period-nav a").get(1).attr("href");

        Document past = Jsoup.parse(admin.given().get(previous).then().statusCode(200).extract().asString());
        assertThat(past.select("[data-testid=spent]").text()).startsWith("$0.80");
        assertThat(rows(past.selectFirst("[data-testid=member-table]"))).containsExactly(nameOf(maker) + " | 1 | $0.80");
        assertThat(past.select("[data-testid=forecast]")).as("no forecast for a period that ended").isEmpty();
        assertThat(past.select("nav.period-nav a[aria-current=page]").text()).isEqualTo(periods.get(1));

        admin.given().get("/t/" + team.slug + "/admin?period=2001-01-01").then().statusCode(400);
        admin.given().get("/t/" + team.slug + "/admin?period=yesterday").then().statusCode(400);
    }

    private String nameOf(long userId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select display_name from app_user where id = ?1").setParameter(1, userId).getSingleResult());
    }

    private static List<String> rows(Element table) {
        return table.select("tbody tr").stream().map(tr -> String.join(" | ", tr.select("td").eachText())).toList();
    }
}
