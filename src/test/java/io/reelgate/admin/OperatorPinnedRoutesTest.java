package io.reelgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Session;

/** When the operator pins a model to one route, a team admin sees it and cannot choose otherwise. */
@QuarkusTest
@TestProfile(OperatorPinnedRoutesTest.Pinned.class)
class OperatorPinnedRoutesTest {

    static final String FAL = "fal/fal-ai/veo3.1";

    /** Veo 3.1 pinned to fal.ai by the operator. */
    public static class Pinned implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reelgate.routes.models.\"veo-3.1\".policy", "pinned",
                    "reelgate.routes.models.\"veo-3.1\".pin", FAL);
        }
    }

    @Inject
    Fixtures fixtures;
    @Inject
    DataSource dataSource;

    @Test
    void aPinByTheOperatorIsShownAndATeamCannotChooseAnotherPolicyOrLeaveOutRoutes() {
        Team team = fixtures.team("pinned", Tier.PRO);
        Session admin = fixtures.memberOf(team, "pia", TeamRole.ADMIN);
        String page = "/t/" + team.slug + "/admin/routes";
        Document doc = Jsoup.parse(admin.given().get(page).then().statusCode(200).extract().asString());
        var card = doc.selectFirst("[data-testid=routes-veo-3.1]");
        assertThat(card.select("[data-testid=operator-policy]").text()).startsWith("Pinned to");
        assertThat(card.select("[data-testid=operator-pinned]")).hasSize(1);
        assertThat(card.select("input[name=policy], button[type=submit]")).as("nothing to choose").isEmpty();
        assertThat(card.select("[data-testid='route-" + FAL + "'] .badge").text()).contains("Pinned");

        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);
        for (List<String> form : List.of(List.of("PINNED", "veo/veo-3.1-generate-preview"), List.of("CHEAPEST", ""),
                List.of("OPERATOR", ""))) {
            var post = admin.form().formParam("model", "veo-3.1").formParam("policy", form.get(0))
                    .formParam("pin", form.get(1)).formParam("route", FAL);
            if (!form.get(0).equals("OPERATOR")) {
                post.formParam("route", "veo/veo-3.1-generate-preview");
            }
            String body = post.post(page).then().statusCode(400).extract().asString();
            assertThat(Jsoup.parse(body).select(".field-error").text()).as(form.toString())
                    .contains("The operator pinned Veo 3.1 to");
            assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id), "nothing changed by " + form);
        }
    }
}
