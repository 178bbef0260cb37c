package io.reelgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamMembership;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.DatabaseSnapshot;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Mailbox;
import io.reelgate.testing.Session;

/** Invitations by email: a single-use link that expires, bound to the invited address unless the admin chose otherwise. */
@QuarkusTest
class InvitationTest {

    @Inject
    Fixtures fixtures;
    @Inject
    TeamDirectory teams;
    @Inject
    EntityManager em;
    @Inject
    DataSource dataSource;
    @Inject
    io.reelgate.team.Invitations invitations;

    Team team;
    Session admin;

    @BeforeEach
    void team() {
        team = fixtures.team("invites", Tier.PRO);
        admin = fixtures.memberOf(team, "ines", TeamRole.ADMIN);
    }

    /** Invites through the members page; returns the link from the mail. */
    private String invite(String email, String role, boolean anyone) {
        var request = admin.form().formParam("email", email).formParam("role", role);
        if (anyone) {
            request = request.formParam("anyone", "on");
        }
        String page = request.post("/t/" + team.slug + "/admin/members/invitations").then().statusCode(200).extract().asString();
        String shown = Jsoup.parse(page).select("[data-testid=invite-link]").attr("value");
        List<MimeMessage> mails = Mailbox.await(email, 1);
        MimeMessage mail = mails.get(mails.size() - 1);
        String link = Mailbox.link(mail, "/invitations/");
        assertEquals(shown, link, "the page shows the link the mail carries");
        return URI.create(link).getPath();
    }

    private TeamRole roleOf(Session session) {
        return teams.membership(team.slug, fixtures.userId(session)).map(TeamMembership::role).orElse(null);
    }

    @Test
    void theInviteeSignsInWithTheInvitedAddressAndJoinsOnce() throws Exception {
        String name = Fixtures.unique("newbie");
        String path = invite(name + "@example.com", "MEMBER", false);
        MimeMessage mail = Mailbox.to(name + "@example.com").get(0);
        assertThat(mail.getSubject()).contains(team.name).contains("invited you");
        assertThat(Mailbox.text(mail)).contains("as a member").contains("expires on").contains(name + "@example.com");
        assertThat(Mailbox.raw(mail)).contains("text/html");

        Session invitee = Login.as(name);
        Document page = Jsoup.parse(invitee.given().get(path).then().statusCode(200).extract().asString());
        assertThat(page.select("h1").text()).isEqualTo("Join " + team.name);
        invitee.form().post(path).then().statusCode(303).header("Location", org.hamcrest.Matchers.endsWith("/t/" + team.slug));
        assertEquals(TeamRole.MEMBER, roleOf(invitee));
        invitee.given().get("/t/" + team.slug).then().statusCode(200);

        // single use: the same link again, by anyone, is refused
        invitee.form().post(path).then().statusCode(410);
        Session other = Login.as(Fixtures.unique("late"));
        String again = other.given().get(path).then().statusCode(410).extract().asString();
        assertThat(Jsoup.parse(again).select("[data-testid=error]").text()).contains("already used");
        assertThat(roleOf(other)).isNull();
        assertThat(auditActions()).contains("invitation.sent", "invitation.accepted");
    }

    @Test
    void someoneElseCannotUseAnInvitationForAnAddress() {
        String path = invite(Fixtures.unique("intended") + "@example.com", "ADMIN", false);
        Session stranger = Login.as(Fixtures.unique("stranger"));
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);

        String page = stranger.given().get(path).then().statusCode(200).extract().asString();
        assertThat(Jsoup.parse(page).select("[data-testid=accept]")).as("no accept button for the wrong person").isEmpty();
        String refused = stranger.form().post(path).then().statusCode(403).extract().asString();
        assertThat(Jsoup.parse(refused).select("[data-testid=error]").text()).contains("This invitation is for");

        assertThat(roleOf(stranger)).isNull();
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id), "a refused acceptance changes nothing");
    }

    @Test
    void anUnverifiedAddressDoesNotCount() {
        long person = fixtures.person("unverified"); // email set, email_verified false
        io.reelgate.identity.User user = QuarkusTransaction.requiringNew().call(() -> io.reelgate.identity.User.findById(person));
        var issued = invitations.invite(team.id, user.email, TeamRole.MEMBER, false, fixtures.userId(admin));
        org.junit.jupiter.api.Assertions.assertThrows(io.reelgate.team.ChangeRefused.class,
                () -> invitations.accept(issued.token(), user));
        assertThat(teams.membership(team.slug, person)).isEmpty();
    }

    @Test
    void twoPeopleRacingForOneLinkLeaveOneMember() throws Exception {
        var issued = invitations.invite(team.id, Fixtures.unique("race") + "@example.com", TeamRole.MEMBER, true,
                fixtures.userId(admin));
        long[] people = { fixtures.person("racer"), fixtures.person("racer") };
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        var start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
        for (long person : people) {
            results.add(pool.submit(() -> {
                start.await();
                io.reelgate.identity.User user = QuarkusTransaction.requiringNew()
                        .call(() -> io.reelgate.identity.User.findById(person));
                try {
                    invitations.accept(issued.token(), user);
                    return true;
                } catch (io.reelgate.team.ChangeRefused e) {
                    assertEquals(410, e.status());
                    return false;
                }
            }));
        }
        start.countDown();
        int joined = 0;
        for (var r : results) {
            joined += r.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, joined, "a link works once, also when two use it at the same moment");
        assertEquals(1, java.util.Arrays.stream(people).filter(p -> teams.membership(team.slug, p).isPresent()).count());
    }

    @Test
    void anyoneWithTheLinkJoinsWithTheChosenRole() {
        String path = invite(Fixtures.unique("anyone") + "@example.com", "ADMIN", true);
        Session someone = Login.as(Fixtures.unique("someone"));
        someone.form().post(path).then().statusCode(303);
        assertEquals(TeamRole.ADMIN, roleOf(someone));
    }

    @Test
    void resendingReplacesTheLinkAndRevokingKillsIt() {
        String email = Fixtures.unique("resend") + "@example.com";
        String first = invite(email, "MEMBER", true);
        long id = invitationId(email);

        String page = admin.form().post("/t/" + team.slug + "/admin/members/invitations/" + id + "/resend")
                .then().statusCode(200).extract().asString();
        List<MimeMessage> mails = Mailbox.await(email, 2);
        String second = URI.create(Mailbox.link(mails.get(1), "/invitations/")).getPath();
        assertThat(second).isNotEqualTo(first);
        assertThat(Jsoup.parse(page).select("[data-testid=invite-link]").attr("value")).endsWith(second);

        Session someone = Login.as(Fixtures.unique("someone"));
        someone.given().get(first).then().statusCode(404);

        admin.form().post("/t/" + team.slug + "/admin/members/invitations/" + id + "/revoke").then().statusCode(303);
        String gone = someone.given().get(second).then().statusCode(410).extract().asString();
        assertThat(Jsoup.parse(gone).select("[data-testid=error]").text()).contains("revoked");
        someone.form().post(second).then().statusCode(410);
        assertThat(roleOf(someone)).isNull();
        // a revoked invitation cannot be resent
        admin.form().post("/t/" + team.slug + "/admin/members/invitations/" + id + "/resend").then().statusCode(409);
    }

    @Test
    void anExpiredInvitationIsRefused() {
        String email = Fixtures.unique("slow") + "@example.com";
        String path = invite(email, "MEMBER", true);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update invitation set expires_at = now() - interval '1 minute' where email = ?1").setParameter(1, email)
                .executeUpdate());
        Session someone = Login.as(Fixtures.unique("someone"));
        String page = someone.form().post(path).then().statusCode(410).extract().asString();
        assertThat(Jsoup.parse(page).select("[data-testid=error]").text()).contains("expired");
        assertThat(roleOf(someone)).isNull();
    }

    @Test
    void badAddressesAndDuplicatesAreRefusedAndChangeNothing() {
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);
        String page = admin.form().formParam("email", "not an address").formParam("role", "MEMBER")
                .post("/t/" + team.slug + "/admin/members/invitations").then().statusCode(400).extract().asString();
        Document doc = Jsoup.parse(page);
        assertThat(doc.select("#invite-error").text()).contains("is not an email address");
        assertThat(doc.select("#invite-email").attr("value")).isEqualTo("not an address");
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id));

        String adminEmail = fixtures.user(admin).email;
        String member = admin.form().formParam("email", adminEmail).formParam("role", "MEMBER")
                .post("/t/" + team.slug + "/admin/members/invitations").then().statusCode(400).extract().asString();
        assertThat(Jsoup.parse(member).select("#invite-error").text()).contains("already a member");
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id));
    }

    @Test
    void aTeamCannotSendMoreThanFiftyInvitationsAnHour() {
        long me = fixtures.userId(admin);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into audit_event (team_id, actor_id, action, "
                + "subject) select ?1, ?2, 'invitation.sent', 'x' || i || '@example.com' from generate_series(1, 50) i")
                .setParameter(1, team.id).setParameter(2, me).executeUpdate());
        Map<String, String> before = DatabaseSnapshot.ofTeam(dataSource, team.id);
        String page = admin.form().formParam("email", Fixtures.unique("one-more") + "@example.com").formParam("role", "MEMBER")
                .post("/t/" + team.slug + "/admin/members/invitations").then().statusCode(429).extract().asString();
        assertThat(Jsoup.parse(page).select("#invite-error").text()).contains("50 invitations in the last hour");
        assertEquals(before, DatabaseSnapshot.ofTeam(dataSource, team.id));
    }

    @Test
    void invitationLinksNeedASignIn() {
        String path = invite(Fixtures.unique("anon") + "@example.com", "MEMBER", true);
        io.restassured.RestAssured.given().redirects().follow(false).get(path).then().statusCode(302);
    }

    private long invitationId(String email) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select id from invitation where email = ?1").setParameter(1, email).getSingleResult()).longValue());
    }

    private List<String> auditActions() {
        return QuarkusTransaction.requiringNew().call(() -> {
            @SuppressWarnings("unchecked")
            List<String> actions = em.createNativeQuery("select action from audit_event where team_id = ?1 order by id")
                    .setParameter(1, team.id).getResultList();
            return actions;
        });
    }
}
