package io.reelgate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Mailbox;
import io.reelgate.testing.Session;
import io.restassured.RestAssured;
import io.restassured.response.Response;

/** Layout, errors, CSRF and security headers: what every page shares. */
@QuarkusTest
class WebFoundationTest {

    @Inject
    Fixtures fixtures;

    Session session;
    Team team;

    @BeforeEach
    void signIn() {
        team = fixtures.team("web", Tier.PRO);
        session = fixtures.memberOf(team, "wendy", TeamRole.ADMIN);
    }

    @Test
    void postWithoutCsrfTokenIsRefusedWithAClearPageAndSendsNothing() {
        String to = session.username() + "@example.com";

        Response response = session.given().contentType("application/x-www-form-urlencoded").formParam("x", "y")
                .post("/me/test-email");

        assertEquals(403, response.statusCode());
        Document page = Jsoup.parse(response.asString());
        assertThat(page.select("h1").text()).isEqualTo("This form has expired");
        assertThat(page.text()).contains("Reload the page and try again");
        assertThat(Mailbox.to(to)).as("a refused request must not send mail").isEmpty();
    }

    @Test
    void postWithAForeignCsrfTokenIsRefused() {
        session.given().contentType("application/x-www-form-urlencoded").formParam("_csrf", "A".repeat(43))
                .post("/me/test-email").then().statusCode(403);
        session.given().header("X-CSRF-Token", "forged").post("/me/test-email").then().statusCode(403);
    }

    @Test
    void formPostWithTokenSendsTheTemplatedTestMailAndFlashesTheResult() throws Exception {
        String to = session.username() + "@example.com";

        Response posted = session.form().post("/me/test-email");

        assertEquals(303, posted.statusCode());
        assertThat(posted.header("Location")).endsWith("/me");
        Document page = Jsoup.parse(session.given().cookies(posted.getCookies()).get("/me").asString());
        assertThat(page.select("#flash-region .alert-success").text()).contains("Test email sent to " + to);

        var message = Mailbox.await(to, 1).get(0);
        assertEquals("Reelgate can reach you", message.getSubject());
        assertThat(Mailbox.raw(message)).contains("text/plain").contains("text/html").contains("email works");
    }

    @Test
    void htmxPostsCarryTheTokenInAHeader() {
        session.htmx().post("/me/test-email").then().statusCode(303);
    }

    @Test
    void everyPageCarriesStrictSecurityHeaders() {
        for (Response r : List.of(RestAssured.get("/"), session.given().get("/t/" + team.slug), session.given().get("/me"),
                RestAssured.get("/no-such-page"))) {
            String csp = r.header("Content-Security-Policy");
            assertThat(csp).contains("script-src 'self'").contains("style-src 'self'")
                    .contains("frame-ancestors 'none'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
            assertEquals("nosniff", r.header("X-Content-Type-Options"));
            assertEquals("strict-origin-when-cross-origin", r.header("Referrer-Policy"));
        }
    }

    @Test
    void pagesHaveNoInlineScriptStyleOrHandlers() {
        for (String html : List.of(RestAssured.get("/").asString(), session.given().get("/t/" + team.slug).asString(),
                session.given().get("/me").asString(), RestAssured.get("/no-such-page").asString())) {
            Document page = Jsoup.parse(html);
            assertThat(page.select("script:not([src])")).as("inline scripts").isEmpty();
            assertThat(page.select("style, [style]")).as("inline styles").isEmpty();
            assertThat(page.getAllElements().stream()
                    .flatMap(e -> e.attributes().asList().stream()).filter(a -> a.getKey().startsWith("on")))
                    .as("inline event handlers").isEmpty();
        }
    }

    @Test
    void unknownPagesGetA404InTheAppsLook() {
        Document page = Jsoup.parse(RestAssured.get("/no-such-page").then().statusCode(404).extract().asString());
        assertThat(page.select("h1").text()).isEqualTo("Page not found");
        assertThat(page.select("header .brand").text()).contains("Reelgate");
    }

    @Test
    void jsonClientsGetJsonErrors() {
        session.given().accept("application/json").get("/api/no-such-thing").then().statusCode(404)
                .contentType(containsString("application/json"))
                .body("error.type", org.hamcrest.Matchers.equalTo("invalid_request_error"));
    }

    @Test
    void htmxErrorsComeBackAsAnAlertForTheFlashRegion() {
        Response r = session.htmx().get("/t/no-such-team");
        assertEquals(404, r.statusCode());
        assertEquals("#flash-region", r.header("HX-Retarget"));
        assertThat(Jsoup.parse(r.asString()).select(".alert-error").text()).contains("Page not found");
    }

    @Test
    void signedInVisitorsOfUnknownPagesGetThe404PageToo() {
        Document page = Jsoup.parse(session.given().get("/no-such-page").then().statusCode(404).extract().asString());
        assertThat(page.select("h1").text()).isEqualTo("Page not found");
        assertThat(page.select("a[href=/login]")).as("signed-in users are not offered sign-in").isEmpty();
    }

    @Test
    void wrongMethodGetsAnExplainedPage() {
        Document page = Jsoup.parse(session.given().get("/me/test-email").then().statusCode(405).extract().asString());
        assertThat(page.select("h1").text()).isEqualTo("That action is not available here");
    }

    @Test
    void visitorsSeeTheLandingPageWithSignIn() {
        Document page = Jsoup.parse(RestAssured.get("/").then().statusCode(200).extract().asString());
        assertThat(page.select("a[href=/login]")).isNotEmpty();
    }

    @Test
    void htmxIsServedFromTheWebjarNotACdn() {
        RestAssured.get("/webjars/htmx.org/dist/htmx.min.js").then().statusCode(200)
                .body(containsString("htmx"));
        Document page = Jsoup.parse(RestAssured.get("/").asString());
        assertThat(page.select("script[src]").eachAttr("src")).allMatch(src -> src.startsWith("/"));
    }
}
