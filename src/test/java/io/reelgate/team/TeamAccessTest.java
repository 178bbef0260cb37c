package io.reelgate.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Routes;
import io.reelgate.testing.Session;
import io.restassured.response.Response;

/** Team isolation: nothing of one team is visible or changeable from another. */
@QuarkusTest
class TeamAccessTest {

    @Inject
    Fixtures fixtures;
    @Inject
    DataSource dataSource;

    @Test
    void everyTeamScopedRouteAnswers404ToMembersOfAnotherTeamAndChangesNothing() {
        Team victim = fixtures.team("victim", Tier.PRO);
        fixtures.memberOf(victim, "vera", TeamRole.ADMIN);
        Team other = fixtures.team("other", Tier.PLUS);
        Session outsider = fixtures.memberOf(other, "otto", TeamRole.ADMIN);
        List<Routes.Route> routes = Routes.teamScoped();
        assertThat(routes).as("team-scoped routes found").contains(new Routes.Route("GET", "/t/{team}"));
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, victim.id);

        List<String> leaks = new ArrayList<>();
        for (Routes.Route route : routes) {
            Response response = route.method().equals("GET")
                    ? outsider.htmx().get(route.path(victim.slug))
                    : route.multipart()
                            ? outsider.given().header("X-CSRF-Token", outsider.csrf()).multiPart("prompt", "x")
                                    .request(route.method(), route.path(victim.slug))
                            : outsider.form().header("X-CSRF-Token", outsider.csrf())
                                    .request(route.method(), route.path(victim.slug));
            if (response.statusCode() != 404) {
                leaks.add(route + " answered " + response.statusCode());
            }
            Response asHtml = outsider.given().request(route.method(), route.path(victim.slug));
            if (route.method().equals("GET") && asHtml.statusCode() != 404) {
                leaks.add(route + " (page) answered " + asHtml.statusCode());
            }
        }

        assertThat(leaks).as("routes that did not answer 404 to an outsider").isEmpty();
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, victim.id), "the victim team's rows changed");
    }

    @Test
    void unknownTeamLooksExactlyLikeAForeignTeam() {
        Team other = fixtures.team("other", Tier.PLUS);
        Team foreign = fixtures.team("foreign", Tier.PLUS);
        Session session = fixtures.memberOf(other, "uma", TeamRole.MEMBER);

        String unknown = session.given().get("/t/no-such-team-" + Fixtures.unique("x")).then().statusCode(404)
                .extract().asString();
        String foreignPage = session.given().get("/t/" + foreign.slug).then().statusCode(404).extract().asString();

        assertThat(Jsoup.parse(unknown).select("h1").text()).isEqualTo("Page not found");
        assertThat(Jsoup.parse(foreignPage).select("h1").text()).isEqualTo("Page not found");
        assertThat(foreignPage).doesNotContain(foreign.name);
    }

    @Test
    void memberSeesTheTeamWithTierRoleAndMembers() {
        Team team = fixtures.team("home", Tier.API_TIER_3);
        Session admin = fixtures.memberOf(team, "ada", TeamRole.ADMIN);
        Session member = fixtures.memberOf(team, "ben", TeamRole.MEMBER);

        Document page = Jsoup.parse(member.given().get("/t/" + team.slug).then().statusCode(200).extract().asString());

        assertThat(page.select("h1").text()).isEqualTo(team.name);
        assertThat(page.text()).contains("You are a member of this team").contains("API Tier 3")
                .contains("30").contains("600");
        assertThat(page.select(".home-people li")).hasSize(2);
        assertThat(page.select(".home-people li").first().text()).as("admins listed first")
                .contains(admin.username() + "@example.com").contains("Admin");
    }

    @Test
    void signedOutVisitorsAreSentToSignIn() {
        Team team = fixtures.team("private", Tier.PLUS);
        io.restassured.RestAssured.given().redirects().follow(false).get("/t/" + team.slug)
                .then().statusCode(302).header("Location", org.hamcrest.Matchers.containsString("/authorize"));
    }

    @Test
    void anHtmxRequestWithoutASessionGets499InsteadOfARedirectItCannotFollow() {
        Team team = fixtures.team("script", Tier.PLUS);
        io.restassured.response.Response r = io.restassured.RestAssured.given().redirects().follow(false)
                .header("HX-Request", "true").get("/t/" + team.slug + "/studio/jobs");
        assertEquals(499, r.statusCode(), "app.js reloads the page on 499, which signs in again");
        assertThat(r.header("Location")).isNull();
        // a page load still goes to the sign-in
        io.restassured.RestAssured.given().redirects().follow(false).get("/t/" + team.slug + "/studio").then()
                .statusCode(302);
    }

    @Test
    void signedInUserLandsOnTheirFirstTeamAndSeesTheSwitcher() {
        Team zulu = fixtures.team("zulu", Tier.PLUS);
        Team alpha = fixtures.team("alpha", Tier.PRO);
        Session dave = fixtures.memberOf(zulu, "dave", TeamRole.MEMBER);
        fixtures.member(alpha, dave, TeamRole.MEMBER);

        dave.given().get("/").then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/t/" + alpha.slug));
        Document page = Jsoup.parse(dave.given().get("/t/" + zulu.slug).then().statusCode(200).extract().asString());
        assertThat(page.select("[data-testid=team-switcher] a").eachAttr("href"))
                .as("switcher: the current team's sections (narrow screens), then both teams by name")
                .containsExactly("/t/" + zulu.slug + "/studio", "/t/" + zulu.slug + "/gallery",
                        "/t/" + zulu.slug + "/storyboards", "/t/" + zulu.slug + "/keys",
                        "/t/" + zulu.slug, "/t/" + alpha.slug, "/t/" + zulu.slug);
    }
}
