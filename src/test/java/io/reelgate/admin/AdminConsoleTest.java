package io.reelgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.team.ChangeRefused;
import io.reelgate.team.MemberAdmin;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Routes;
import io.reelgate.testing.Session;
import io.restassured.response.Response;

/** Who may change what in the admin console and the operator view, the rules they meet, and the audit trail they leave. */
@QuarkusTest
class AdminConsoleTest {

    @Inject
    Fixtures fixtures;
    @Inject
    DataSource dataSource;
    @Inject
    EntityManager em;
    @Inject
    TeamDirectory teams;
    @Inject
    MemberAdmin memberAdmin;
    @Inject
    Admission admission;

    Team team;
    Session admin;

    @BeforeEach
    void team() {
        team = fixtures.team("console", Tier.PRO);
        admin = fixtures.memberOf(team, "ada", TeamRole.ADMIN);
    }

    private static Response call(Session s, Routes.Route route, String slug) {
        return route.method().equals("GET") ? s.given().get(route.path(slug))
                : s.form().request(route.method(), route.path(slug));
    }

    @Test
    void anOperatorAllowsAWholeProviderAndTheStudioAndAdmissionFollow() {
        Session operator = Login.as(Fixtures.unique("otto"), "user,operator");
        String base = "/ops/teams/" + team.slug;
        Document form = Jsoup.parse(operator.given().get(base).then().statusCode(200).extract().asString());
        assertThat(form.select("input[name=model][value=replicate/*]")).as("a provider as a whole").hasSize(1);
        assertThat(form.select("fieldset.provider-models legend").eachText()).contains("Replicate (simulated)",
                "Google Veo (simulated)");

        operator.form().formParam("model", "replicate/*").formParam("model", "simulator/sora-2").post(base + "/models")
                .then().statusCode(303);

        Document studio = Jsoup.parse(admin.given().get("/t/" + team.slug + "/studio").asString());
        // Veo 3.1 and Veo 3.1 Fast are sold by Replicate too: the team may use them through that route
        assertThat(studio.select("#model optgroup").eachAttr("label")).containsExactly("Sora simulator (built in)",
                "Any provider (Reelgate picks the route)", "Replicate (simulated)");
        assertThat(studio.select("#model option").eachAttr("value")).contains("simulator/sora-2", "veo-3.1",
                "replicate/wan-video/wan-2.2-t2v-fast").doesNotContain("simulator/sora-2-pro", "replicate/google/veo-3.1");
        long adminId = fixtures.userId(admin);
        assertThat(admission.admit(new AdmissionRequest(team.id, adminId, "replicate", "kwaivgi/kling-v2.1-master",
                "1920x1080", 5, false))).as("every model of the allowed provider").isInstanceOf(AdmissionResult.Admitted.class);
        assertThat(admission.admit(new AdmissionRequest(team.id, adminId, "veo", "veo-3.1-fast-generate-preview",
                "1280x720", 4, false))).as("a provider not allowed").isInstanceOf(AdmissionResult.Rejected.class);
        assertThat(operator.form().formParam("model", "nobody/*").post(base + "/models").statusCode()).isEqualTo(400);
    }

    @Test
    void aMemberReachesNoAdminPageOrAction() {
        Session member = fixtures.memberOf(team, "mo", TeamRole.MEMBER);
        fixtures.personIn(team, "pat", TeamRole.MEMBER);
        List<Routes.Route> routes = Routes.teamScoped().stream().filter(r -> r.template().startsWith("/t/{team}/admin")).toList();
        assertThat(routes).contains(new Routes.Route("GET", "/t/{team}/admin"), new Routes.Route("POST", "/t/{team}/admin/settings"),
                new Routes.Route("POST", "/t/{team}/admin/members/{userId}/role"));
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);

        List<String> open = new ArrayList<>();
        for (Routes.Route route : routes) {
            int status = call(member, route, team.slug).statusCode();
            if (status != 403) {
                open.add(route + " answered " + status);
            }
        }
        assertThat(open).as("admin routes a member reached").isEmpty();
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id));
        Document studio = Jsoup.parse(member.given().get("/t/" + team.slug + "/studio").asString());
        assertThat(studio.select("nav a[href=/t/" + team.slug + "/admin]")).as("no Admin link for members").isEmpty();
    }

    @Test
    void anAdminOfAnotherTeamCannotTouchThisOne() {
        Team other = fixtures.team("elsewhere", Tier.PLUS);
        Session otherAdmin = fixtures.memberOf(other, "oz", TeamRole.ADMIN);
        long victim = fixtures.userId(admin);
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);

        otherAdmin.given().get("/t/" + team.slug + "/admin").then().statusCode(404);
        otherAdmin.form().formParam("role", "MEMBER").post("/t/" + team.slug + "/admin/members/" + victim + "/role")
                .then().statusCode(404);
        // its own console does not reach into this team either
        otherAdmin.form().formParam("role", "MEMBER").post("/t/" + other.slug + "/admin/members/" + victim + "/role")
                .then().statusCode(409);
        otherAdmin.form().post("/t/" + other.slug + "/admin/members/" + victim + "/remove").then().statusCode(409);
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id));
    }

    @Test
    void onlyOperatorsReachTheOperatorView() {
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);
        List<Routes.Route> routes = Routes.all().stream().filter(r -> r.template().startsWith("/ops")).toList();
        assertThat(routes).contains(new Routes.Route("GET", "/ops"), new Routes.Route("POST", "/ops/teams"),
                new Routes.Route("POST", "/ops/teams/{slug}/tier"));
        List<String> open = new ArrayList<>();
        for (Routes.Route route : routes) {
            int status = call(admin, route, team.slug).statusCode();
            if (status != 403) {
                open.add(route + " answered " + status);
            }
        }
        assertThat(open).as("operator routes a team admin reached").isEmpty();
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id));

        Session operator = Login.as(Fixtures.unique("olga"), "user,operator");
        Document ops = Jsoup.parse(operator.given().get("/ops").then().statusCode(200).extract().asString());
        assertThat(ops.select("[data-testid=team-" + team.slug + "]").text()).contains(team.name).contains("Pro");
    }

    @Test
    void theLastAdminCanNeitherBeDemotedNorRemoved() {
        long me = fixtures.userId(admin);
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);
        String demote = admin.form().formParam("role", "MEMBER").post("/t/" + team.slug + "/admin/members/" + me + "/role")
                .then().statusCode(409).extract().asString();
        assertThat(Jsoup.parse(demote).select("[data-testid=error]").text()).contains("last admin");
        admin.form().post("/t/" + team.slug + "/admin/members/" + me + "/remove").then().statusCode(409);
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id));

        long second = fixtures.personIn(team, "bea", TeamRole.MEMBER);
        admin.form().formParam("role", "ADMIN").post("/t/" + team.slug + "/admin/members/" + second + "/role")
                .then().statusCode(303);
        admin.form().formParam("role", "MEMBER").post("/t/" + team.slug + "/admin/members/" + me + "/role")
                .then().statusCode(303);
        assertEquals(TeamRole.MEMBER, teams.membership(team.slug, me).orElseThrow().role());
        assertThat(audit()).containsExactly("member.role: Member -> Admin", "member.role: Admin -> Member");
    }

    @Test
    void twoAdminsDemotingEachOtherAtOnceLeaveOneAdmin() throws Exception {
        long a = fixtures.userId(admin);
        long b = fixtures.personIn(team, "cy", TeamRole.ADMIN);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch start = new CountDownLatch(1);
        Future<?> first = pool.submit(() -> {
            start.await();
            memberAdmin.changeRole(team.id, b, TeamRole.MEMBER, a);
            return null;
        });
        Future<?> second = pool.submit(() -> {
            start.await();
            memberAdmin.changeRole(team.id, a, TeamRole.MEMBER, b);
            return null;
        });
        start.countDown();
        int refused = 0;
        for (Future<?> f : List.of(first, second)) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ChangeRefused.class);
                refused++;
            }
        }
        pool.shutdown();
        assertEquals(1, refused, "exactly one of the two demotions is refused");
        assertEquals(1, teams.members(team.id).stream().filter(m -> m.role().isAdmin()).count());
    }

    @Test
    void removingAMemberKeepsTheirWorkAndIsAudited() {
        long pat = fixtures.personIn(team, "pat", TeamRole.MEMBER);
        admin.form().post("/t/" + team.slug + "/admin/members/" + pat + "/remove").then().statusCode(303);
        assertThat(teams.membership(team.slug, pat)).isEmpty();
        assertThat(audit()).singleElement().asString().startsWith("member.removed: Member -> ");
        assertThrows(ChangeRefused.class, () -> memberAdmin.remove(team.id, pat, fixtures.userId(admin)));
    }

    @Test
    void savingSettingsWritesEveryValueAndOneAuditRowPerChange() {
        long pat = fixtures.personIn(team, "pat", TeamRole.MEMBER);
        long me = fixtures.userId(admin);
        admin.form().formParam("amount", "250").formParam("resetDay", "5").formParam("timeZone", "Europe/Berlin")
                .formParam("capMode", "SOFT").formParam("softAllowancePct", "10").formParam("memberCap", "20")
                .formParam("thresholds", "50, 80,100").formParam("capUser", me).formParam("cap", "")
                .formParam("capUser", pat).formParam("cap", "7.50").formParam("recipient", pat)
                .post("/t/" + team.slug + "/admin/settings").then().statusCode(303);

        Object[] budget = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select b.amount_micros, b.reset_day, b.cap_mode, b.soft_allowance_pct, b.member_cap_micros, "
                        + "array_to_string(b.alert_thresholds, ','), t.time_zone, "
                        + "(select cap_micros from member_cap where team_id = t.id and user_id = ?2), "
                        + "(select string_agg(user_id::text, ',') from alert_recipient where team_id = t.id) "
                        + "from team_budget b join team t on t.id = b.team_id where t.id = ?1")
                .setParameter(1, team.id).setParameter(2, pat).getSingleResult());
        assertThat(budget).containsExactly(250_000_000L, 5, "SOFT", 10, 20_000_000L, "50,80,100", "Europe/Berlin", 7_500_000L,
                Long.toString(pat));
        List<String> rows = audit();
        assertThat(rows).hasSize(8).contains("budget.thresholds: 50 %, 75 %, 90 %, 100 % -> 50 %, 80 %, 100 %",
                "team.time-zone: America/Los_Angeles -> Europe/Berlin", "budget.cap-mode: Hard -> Soft, 10 % allowance",
                "budget.member-cap: None -> $7.50");

        // the same form again changes nothing and records nothing
        admin.form().formParam("amount", "250").formParam("resetDay", "5").formParam("timeZone", "Europe/Berlin")
                .formParam("capMode", "SOFT").formParam("softAllowancePct", "10").formParam("memberCap", "20")
                .formParam("thresholds", "50,80,100").formParam("capUser", pat).formParam("cap", "7.5")
                .formParam("recipient", pat).post("/t/" + team.slug + "/admin/settings").then().statusCode(303);
        assertThat(audit()).hasSize(8);

        Document history = Jsoup.parse(admin.given().get("/t/" + team.slug + "/admin/history").then().statusCode(200)
                .extract().asString());
        assertThat(history.select(".audit-table tbody tr")).hasSize(8);
        assertThat(history.text()).contains("Europe/Berlin").contains("$250.00");
    }

    @Test
    void invalidSettingsAreNamedByFieldAndChangeNothing() {
        long pat = fixtures.personIn(team, "pat", TeamRole.MEMBER);
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);
        String page = admin.form().formParam("amount", "lots").formParam("resetDay", "31").formParam("timeZone", "Mars/Olympus")
                .formParam("capMode", "HARD").formParam("thresholds", "50, 75").formParam("capUser", pat)
                .formParam("cap", "-5").post("/t/" + team.slug + "/admin/settings").then().statusCode(400).extract().asString();
        Document doc = Jsoup.parse(page);
        assertThat(doc.select("#s-amount").attr("aria-invalid")).isEqualTo("true");
        assertThat(doc.select("#s-amount").attr("value")).isEqualTo("lots");
        assertThat(doc.select("#reset-error").text()).contains("between 1 and 28");
        assertThat(doc.select("#zone-error").text()).contains("time zone");
        assertThat(doc.select("#cap-" + pat + "-error").text()).contains("$0 or more");
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id), "nothing is saved when any field is wrong");
    }

    @Test
    void operatorChangesAreAuditedAndShownToTheTeamsAdmins() {
        Session operator = Login.as(Fixtures.unique("olga"), "user,operator");
        String base = "/ops/teams/" + team.slug;
        operator.form().formParam("tier", "ENTERPRISE").post(base + "/tier").then().statusCode(303);
        operator.form().formParam("perMinute", "120").formParam("perDay", "5000").post(base + "/limits").then().statusCode(303);
        operator.form().formParam("amount", "900").post(base + "/budget").then().statusCode(303);
        operator.form().formParam("model", "simulator/sora-2").post(base + "/models").then().statusCode(303);
        // refused changes leave nothing behind
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);
        operator.form().formParam("tier", "GOLD").post(base + "/tier").then().statusCode(400);
        operator.form().formParam("perMinute", "ten").formParam("perDay", "5").post(base + "/limits").then().statusCode(400);
        operator.form().formParam("amount", "-1").post(base + "/budget").then().statusCode(400);
        operator.form().post(base + "/models").then().statusCode(400);
        operator.form().formParam("confirm", "wrong").post(base + "/archive").then().statusCode(400);
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id));

        assertThat(audit()).containsExactly("team.tier: Pro -> Enterprise", "team.limits: Tier limits -> 120/min, 5000/day",
                "budget.amount: $100.00 -> $900.00", "team.models: All models -> simulator/sora-2");
        Document settings = Jsoup.parse(admin.given().get("/t/" + team.slug + "/admin/settings").then().statusCode(200)
                .extract().asString());
        assertThat(settings.select("[data-testid=tier]").text()).isEqualTo("Enterprise");
        assertThat(settings.text()).contains("120").contains("5000");
        assertThat(admin.given().get("/t/" + team.slug + "/admin/history").asString()).contains("Olga");

        // the studio offers only the allowed model, and admission refuses the other
        Document studio = Jsoup.parse(admin.given().get("/t/" + team.slug + "/studio").asString());
        assertThat(studio.select("select[name=model] option").eachAttr("value")).containsExactly("simulator/sora-2");
        AdmissionResult refused = admission.admit(new AdmissionRequest(team.id, fixtures.userId(admin), "simulator",
                "sora-2-pro", "1280x720", 10, false));
        assertThat(refused).isInstanceOf(AdmissionResult.Rejected.class);
        assertThat(((AdmissionResult.Rejected) refused).message()).contains("may not use sora-2-pro");
    }

    @Test
    void anArchivedTeamKeepsItsPagesButAcceptsNoSubmission() {
        Session operator = Login.as(Fixtures.unique("olga"), "user,operator");
        operator.form().formParam("confirm", team.slug).post("/ops/teams/" + team.slug + "/archive").then().statusCode(303);
        assertThat(audit()).containsExactly("team.archived: No -> Yes");

        Response submit = admin.given().multiPart("_csrf", admin.csrf()).multiPart("prompt", "A lighthouse at dusk")
                .multiPart("model", "sora-2").multiPart("size", "1280x720").multiPart("seconds", "4")
                .post("/t/" + team.slug + "/studio");
        assertThat(submit.statusCode()).isGreaterThanOrEqualTo(400);
        assertThat(Jsoup.parse(submit.asString()).text()).contains("archived");
        long jobs = QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from video_job where team_id = ?1").setParameter(1, team.id).getSingleResult()).longValue());
        assertEquals(0, jobs);
        admin.given().get("/t/" + team.slug + "/gallery").then().statusCode(200);
        admin.given().get("/t/" + team.slug + "/admin").then().statusCode(200);
        // and no one can be invited into it
        admin.form().formParam("email", Fixtures.unique("late") + "@example.com").formParam("role", "MEMBER")
                .post("/t/" + team.slug + "/admin/members/invitations").then().statusCode(400);

        operator.form().post("/ops/teams/" + team.slug + "/restore").then().statusCode(303);
        assertThat(audit()).containsExactly("team.archived: No -> Yes", "team.archived: Yes -> No");
    }

    @Test
    void anOperatorCreatesATeamWhoseFirstAdminIsInvited() {
        Session operator = Login.as(Fixtures.unique("olga"), "user,operator");
        String slug = Fixtures.unique("fresh");
        String first = Fixtures.unique("founder");
        String bad = operator.form().formParam("name", "").formParam("slug", "Bad Slug!").formParam("tier", "PLUS")
                .formParam("timeZone", "UTC").formParam("adminEmail", "nope").post("/ops/teams").then().statusCode(400)
                .extract().asString();
        Document doc = Jsoup.parse(bad);
        assertThat(doc.select("#n-name-error, #n-slug-error, #n-admin-error")).hasSize(3);

        operator.form().formParam("name", "Fresh Studio").formParam("slug", slug).formParam("tier", "API_TIER_3")
                .formParam("timeZone", "Europe/Paris").formParam("adminEmail", first + "@example.com").post("/ops/teams")
                .then().statusCode(201);
        Team created = teams.bySlug(slug).orElseThrow();
        assertEquals(Tier.API_TIER_3, created.tier);
        assertEquals("Europe/Paris", created.timeZone);
        io.reelgate.testing.Mailbox.await(first + "@example.com", 1);
        // the mail got lost: the operator resends it from the team's page, which lists the invitation
        Document page = Jsoup.parse(operator.given().get("/ops/teams/" + slug).then().statusCode(200).extract().asString());
        String resend = page.select("form[action$=/resend]").attr("action");
        assertThat(page.select(".invitations-table").text()).contains(first + "@example.com").contains("Pending");
        operator.form().post(resend).then().statusCode(200);
        String link = io.reelgate.testing.Mailbox.link(io.reelgate.testing.Mailbox.await(first + "@example.com", 2).get(1),
                "/invitations/");
        Session founder = Login.as(first);
        founder.form().post(java.net.URI.create(link).getPath()).then().statusCode(303);
        assertEquals(TeamRole.ADMIN, teams.membership(slug, fixtures.userId(founder)).orElseThrow().role());
        founder.given().get("/t/" + slug + "/admin").then().statusCode(200);
    }

    @Test
    void anOperatorInvitesAnAdminIntoATeamWhoseAdminsLeft() {
        Session operator = Login.as(Fixtures.unique("olga"), "user,operator");
        String next = Fixtures.unique("heir");
        String page = operator.form().formParam("email", next + "@example.com")
                .post("/ops/teams/" + team.slug + "/invitations").then().statusCode(200).extract().asString();
        assertThat(Jsoup.parse(page).select("[data-testid=issued]").text()).contains("Invitation sent to " + next);
        String link = io.reelgate.testing.Mailbox.link(io.reelgate.testing.Mailbox.await(next + "@example.com", 1).get(0),
                "/invitations/");
        Session heir = Login.as(next);
        heir.form().post(java.net.URI.create(link).getPath()).then().statusCode(303);
        assertEquals(TeamRole.ADMIN, teams.membership(team.slug, fixtures.userId(heir)).orElseThrow().role());
        assertThat(audit()).contains("invitation.sent: - -> Admin, " + next + "@example.com only");
        operator.form().formParam("email", "not-an-address").post("/ops/teams/" + team.slug + "/invitations")
                .then().statusCode(400);
    }

    /** The team's audit rows as "action: old -> new", oldest first. */
    private List<String> audit() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("select action, coalesce(old_value, '-'), coalesce(new_value, '-') "
                    + "from audit_event where team_id = ?1 order by id").setParameter(1, team.id).getResultList();
            return rows.stream().map(r -> r[0] + ": " + r[1] + " -> " + r[2]).toList();
        });
    }
}
