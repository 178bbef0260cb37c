package io.reelgate.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Member;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;

/** Sign-in through the OIDC authorization-code flow provisions and updates users and IdP memberships. */
@QuarkusTest
class SignInTest {

    @Inject
    Fixtures fixtures;
    @Inject
    TeamDirectory teams;

    @Test
    void firstSignInProvisionsTheUserFromTheIdToken() {
        String name = Fixtures.unique("erin");
        Session session = Login.as(name);

        User user = fixtures.user(session);
        assertEquals("dev-oidc", user.issuer, "issuer is pinned by reelgate.identity.issuer");
        assertEquals(name, user.subject);
        assertEquals(name + "@example.com", user.email);
        assertEquals(Character.toUpperCase(name.charAt(0)) + name.substring(1), user.displayName);
        assertThat(user.lastLoginAt).isNotNull();

        Document profile = Jsoup.parse(session.given().get("/me").then().statusCode(200).extract().asString());
        assertThat(profile.select("h1").text()).isEqualTo(user.displayName);
        assertThat(profile.text()).contains(name + "@example.com");
    }

    @Test
    void signingInAgainKeepsOneUserRow() {
        String name = Fixtures.unique("frank");
        long first = fixtures.userId(Login.as(name));
        long second = fixtures.userId(Login.as(name));
        assertEquals(first, second, "a second sign-in must find the same user");
    }

    @Test
    void operatorRoleIsReadFromTheIdpAtEverySignIn() {
        String name = Fixtures.unique("olga");
        Session asOperator = Login.as(name, "user,operator");
        assertTrue(fixtures.user(asOperator).operator, "operator role not applied");

        Session demoted = Login.as(name, "user");
        assertFalse(fixtures.user(demoted).operator, "operator role not withdrawn");
    }

    @Test
    void groupsClaimSyncsIdpMembershipsButNeverTouchesAppMemberships() {
        Team alpha = fixtures.team("alpha", Tier.PLUS);
        Team beta = fixtures.team("beta", Tier.PLUS);
        Team gamma = fixtures.team("gamma", Tier.PLUS);
        String name = Fixtures.unique("grace");

        Session first = Login.as(name, "user,/teams/" + alpha.slug + ",/teams/" + beta.slug + "/admins,/teams/no-such-team");
        long userId = fixtures.userId(first);
        assertEquals(TeamRole.MEMBER, roleIn(alpha, userId));
        assertEquals(TeamRole.ADMIN, roleIn(beta, userId));

        teams.putMember(gamma.id, userId, TeamRole.ADMIN); // an invitation, say
        Login.as(name, "user,/teams/" + alpha.slug);

        assertEquals(TeamRole.MEMBER, roleIn(alpha, userId), "kept: still in the group");
        assertEquals(null, roleIn(beta, userId), "removed: the group was withdrawn at the IdP");
        assertEquals(TeamRole.ADMIN, roleIn(gamma, userId), "app membership must survive the sync");
    }

    private TeamRole roleIn(Team team, long userId) {
        List<Member> members = teams.members(team.id);
        return members.stream().filter(m -> m.userId() == userId).map(Member::role).findFirst().orElse(null);
    }
}
