package io.reelgate.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Keys as people manage them: a member creates a key and sees it once, admins see and revoke
 * everyone's, operators switch a team's keys off; videos made with a key are marked "via API" in
 * the studio, the gallery and on the video page, and the usage dashboard splits spend by key.
 */
@QuarkusTest
class ApiKeysPageTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;

    private static Document html(Response r) {
        return Jsoup.parse(r.asString());
    }

    private static String create(Team team, Session who, String name, String validDays) {
        Response r = who.form().formParam("name", name).formParam("validDays", validDays).post("/t/" + team.slug + "/keys");
        assertEquals(200, r.statusCode(), r.asString());
        assertThat(r.header("Cache-Control")).contains("no-store");
        String secret = html(r).select("[data-testid=key-secret]").attr("value");
        assertThat(secret).startsWith("rg_").hasSizeGreaterThanOrEqualTo(3 + 43);
        return secret;
    }

    @Test
    void membersMakeAndRevokeTheirKeysAdminsSeeAllAndOperatorsCanSwitchThemOff() {
        Team team = fixtures.team("keys", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        Session mia = fixtures.memberOf(team, "mia", TeamRole.MEMBER);
        Session noah = fixtures.memberOf(team, "noah", TeamRole.MEMBER);
        Session ada = fixtures.memberOf(team, "ada", TeamRole.ADMIN);
        String base = "/t/" + team.slug + "/keys";

        String secret = create(team, mia, "render farm", "90");
        Document page = html(mia.given().get(base));
        assertThat(page.text()).as("shown once only").doesNotContain(secret);
        assertThat(page.select("[data-testid^=key-]").text()).contains("render farm").contains(secret.substring(0, 7))
                .contains("Active");
        given().header("Authorization", "Bearer " + secret).get("/v1/videos").then().statusCode(200);
        assertThat(html(mia.given().get(base)).select("table [data-testid^=key-]").text()).as("last use is shown")
                .doesNotContain("never").contains("from ");

        // bad input: a clear error, nothing made
        Response bad = mia.form().formParam("name", "  ").formParam("validDays", "30").post(base);
        assertEquals(400, bad.statusCode());
        assertThat(html(bad).select("#key-error").text()).contains("name");
        assertThat(html(mia.given().get(base)).select("table [data-testid^=key-]")).hasSize(1);

        // another member neither sees nor revokes it
        Document noahs = html(noah.given().get(base));
        assertThat(noahs.text()).doesNotContain("render farm");
        long keyId = Long.parseLong(page.select("table [data-testid^=key-]").attr("data-testid").substring(4));
        assertEquals(404, noah.form().post(base + "/" + keyId + "/revoke").statusCode());
        given().header("Authorization", "Bearer " + secret).get("/v1/videos").then().statusCode(200);

        // the admin sees everyone's keys and revokes it: 401 at once
        Document admins = html(ada.given().get(base));
        assertThat(admins.select("#others-title").text()).isEqualTo("Other members' keys");
        assertThat(admins.text()).contains("render farm");
        ada.form().post(base + "/" + keyId + "/revoke").then().statusCode(303);
        given().header("Authorization", "Bearer " + secret).get("/v1/videos").then().statusCode(401);
        assertThat(html(mia.given().get(base)).select("table [data-testid=key-" + keyId + "]").text()).contains("Revoked");
        Document history = html(ada.given().get("/t/" + team.slug + "/admin/history"));
        assertThat(history.text()).contains("api_key.create").contains("api_key.revoke");

        // an operator switches every key of the team off, and on again
        String live = create(team, noah, "ci", "never");
        Session operator = Login.as(Fixtures.unique("olga"), "user,operator");
        operator.form().formParam("enabled", "false").post("/ops/teams/" + team.slug + "/api-keys").then().statusCode(303);
        given().header("Authorization", "Bearer " + live).get("/v1/videos").then().statusCode(401);
        assertThat(html(noah.given().get(base)).select("[data-testid=keys-disabled]")).hasSize(1);
        assertThat(html(operator.given().get("/ops/teams/" + team.slug)).select("[data-testid=api-keys-off]")).hasSize(1);
        operator.form().formParam("enabled", "true").post("/ops/teams/" + team.slug + "/api-keys").then().statusCode(303);
        given().header("Authorization", "Bearer " + live).get("/v1/videos").then().statusCode(200);
        // members cannot
        assertThat(noah.form().formParam("enabled", "false").post("/ops/teams/" + team.slug + "/api-keys").statusCode())
                .isIn(403, 404);
        given().header("Authorization", "Bearer " + live).get("/v1/videos").then().statusCode(200);
    }

    @Test
    void videosMadeWithAKeyAreMarkedViaApiAndSpendSplitsByKey() {
        Team team = fixtures.team("via", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("100", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100_000);
        Session ada = fixtures.memberOf(team, "ada", TeamRole.ADMIN);
        String secret = create(team, ada, "nightly batch", "30");
        String id = given().header("Authorization", "Bearer " + secret).contentType(ContentType.JSON)
                .body(Map.of("prompt", "Made from code", "seconds", "4")).post("/v1/videos").then().statusCode(200)
                .extract().path("id");
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().header("Authorization", "Bearer " + secret).get("/v1/videos/" + id).jsonPath()
                        .getString("status").equals("completed"));
        long jobId = Long.parseLong(id.substring("video_".length()));

        assertThat(html(ada.given().get("/t/" + team.slug + "/studio")).select("[data-testid=via-api]").eachText())
                .containsExactly("via API · nightly batch");
        assertThat(html(ada.given().get("/t/" + team.slug + "/gallery")).select("[data-testid=via-api]").eachText())
                .containsExactly("via API · nightly batch");
        assertThat(html(ada.given().get("/t/" + team.slug + "/videos/" + jobId)).select("[data-testid=via-api]").text())
                .isEqualTo("via API · nightly batch");

        Document usage = html(ada.given().get("/t/" + team.slug + "/admin"));
        List<String> rows = usage.select("[data-testid=key-table] tbody tr").eachText();
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0)).startsWith("nightly batch (rg_").endsWith("1 $0.40");
    }
}
