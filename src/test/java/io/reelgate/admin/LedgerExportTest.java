package io.reelgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.generation.GenerationService;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;
import io.reelgate.testing.Videos;
import io.restassured.response.Response;

/** The admins' ledger page and its CSV export: content, RFC 4180 quoting, formula safety, permissions. */
@QuarkusTest
class LedgerExportTest {

    static final String EVIL = "=HYPERLINK(\"http://evil.example\",\"click\")";

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Videos videos;
    @Inject
    Admission admission;
    @Inject
    GenerationService generation;

    Team team;
    Session admin;
    Session member;

    @BeforeEach
    void team() {
        team = fixtures.team("ledger", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        admin = fixtures.memberOf(team, "ada", TeamRole.ADMIN);
        member = fixtures.memberOf(team, "max", TeamRole.MEMBER);
    }

    @Test
    void theCsvHasEveryEntryQuotedAndFormulaSafe() {
        long memberId = fixtures.userId(member);
        long evil = videos.make(team.id, memberId, EVIL);
        long tricky = videos.make(team.id, memberId, "A quote \" a comma, and\na new line");
        var reserved = admission.admit(new AdmissionRequest(team.id, memberId, "simulator", "sora-2", "1280x720", 8, false));
        assertThat(reserved).isInstanceOf(AdmissionResult.Admitted.class);

        Response r = admin.given().get("/t/" + team.slug + "/admin/ledger/ledger.csv");

        assertEquals(200, r.statusCode());
        assertThat(r.contentType()).startsWith("text/csv").contains("utf-8");
        assertThat(r.header("Content-Disposition")).contains("attachment").contains(".csv");
        String csv = r.asString();
        assertThat(csv).startsWith("id,time_utc,period_start,kind,amount_usd,effect_usd,member,member_email,job_id,model,prompt,note\r\n");
        List<String> records = List.of(csv.split("\r\n"));
        assertThat(records).as("header, 2 × (reserve, release, charge), 1 reserve").hasSize(8);
        assertThat(csv).contains(",CHARGE,0.400000,0.400000,").contains("," + evil + ",sora-2,")
                .contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"")
                .doesNotContain(",=HYPERLINK")
                .contains("\"A quote \"\" a comma, and\na new line\"")
                .contains("," + tricky + ",sora-2,")
                .contains(",RESERVE,0.800000,0.000000,");
    }

    @Test
    void thePageListsEntriesAndFiltersByKind() {
        videos.make(team.id, fixtures.userId(member), "A harbour at dusk " + Fixtures.unique("l"));

        Document all = Jsoup.parse(admin.given().get("/t/" + team.slug + "/admin/ledger").then().statusCode(200)
                .extract().asString());
        assertThat(all.select(".ledger-table tbody tr")).hasSize(3);
        assertThat(all.select(".ledger-table").text()).contains("charge").contains("spent +$0.40").contains("A harbour at dusk");

        Document charges = Jsoup.parse(admin.given().get("/t/" + team.slug + "/admin/ledger?kind=charge").asString());
        assertThat(charges.select(".ledger-table tbody tr")).hasSize(1);
        assertThat(charges.select("a[download]").attr("href")).contains("kind=CHARGE");
    }

    @Test
    void badFiltersAreExplained() {
        Response r = admin.given().get("/t/" + team.slug + "/admin/ledger?kind=BRIBE&from=yesterday");
        assertEquals(400, r.statusCode());
        Document page = Jsoup.parse(r.asString());
        assertThat(page.select("#kind-error").text()).isEqualTo("Choose a kind from the list.");
        assertThat(page.select("#from-error").text()).isEqualTo("Use a date like 2026-11-25.");
        assertEquals(400, admin.given().get("/t/" + team.slug + "/admin/ledger/ledger.csv?from=2026-11-20&to=2026-11-01")
                .statusCode());
    }

    @Test
    void membersMayNotSeeTheLedger() {
        assertEquals(403, member.given().get("/t/" + team.slug + "/admin/ledger").statusCode());
        assertEquals(403, member.given().get("/t/" + team.slug + "/admin/ledger/ledger.csv").statusCode());
    }
}
