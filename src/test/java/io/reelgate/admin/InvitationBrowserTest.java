package io.reelgate.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Mailbox;
import io.reelgate.testing.Session;

/**
 * End to end in Chromium: an admin invites a new user from the members page, the invitee follows
 * the link in the mail GreenMail received, signs in at the IdP, accepts, and lands in the team.
 */
@QuarkusTest
class InvitationBrowserTest {

    @Inject
    Fixtures fixtures;
    @Inject
    TeamDirectory teams;

    @Test
    void anInviteeFollowsTheMailedLinkSignsInAndLandsInTheTeam() {
        String adminName = Fixtures.unique("ivy");
        Session adminSession = Login.as(adminName);
        Team team = fixtures.team("welcome", Tier.PRO);
        fixtures.member(team, adminSession, TeamRole.ADMIN);
        String newcomer = Fixtures.unique("noah");
        String email = newcomer + "@example.com";

        try (Browser browser = Browser.open(1280)) {
            WebDriver driver = browser.driver();
            browser.signInAsCustom(adminName, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            browser.go("/t/" + team.slug);
            driver.findElement(By.cssSelector("nav.nav-wide a[href='/t/" + team.slug + "/admin']")).click();
            browser.waiting().until(ExpectedConditions.urlContains("/admin"));
            driver.findElement(By.cssSelector("nav.tabs a[href$='/admin/members']")).click();
            driver.findElement(By.id("invite-email")).sendKeys(email);
            driver.findElement(By.cssSelector("form[action$='/invitations'] button[type=submit]")).click();
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("[data-testid=issued]")));
            assertThat(driver.findElement(By.cssSelector("[data-testid=issued]")).getText()).contains("Invitation sent to " + email);
            assertThat(driver.findElement(By.cssSelector("table.invitations-table")).getText()).contains(email).contains("Pending");
        }

        List<MimeMessage> mails = Mailbox.await(email, 1);
        String link = Mailbox.link(mails.get(0), "/invitations/");
        String path = java.net.URI.create(link).getPath();

        try (Browser invitee = Browser.open(375)) {
            WebDriver driver = invitee.driver();
            invitee.go(path);
            // not signed in: the IdP's login page comes first, then OIDC brings the invitee back to the link
            invitee.loginOnIdpPage(newcomer, "user");
            invitee.waiting().until(ExpectedConditions.urlContains("/invitations/"));
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Join " + team.name);
            driver.findElement(By.cssSelector("[data-testid=accept]")).click();
            invitee.waiting().until(ExpectedConditions.urlMatches(".*/t/" + team.slug + "$"));
            assertThat(driver.findElement(By.id("flash-region")).getText()).contains("Welcome to " + team.name);
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo(team.name);
        }
        long userId = fixtures.userId(new Session(newcomer, java.util.Map.of()));
        assertEquals(TeamRole.MEMBER, teams.membership(team.slug, userId).orElseThrow().role());
    }
}
