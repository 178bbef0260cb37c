package io.reelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;

/** End to end in headless Chromium: sign in on the IdP's page, land on the team, switch team. */
@QuarkusTest
class SignInBrowserTest {

    @Inject
    Fixtures fixtures;
    @Inject
    TeamDirectory teams;

    @Test
    void signsInLandsOnTheTeamPageAndSwitchesTeam() {
        long dave = fixtures.userId(Login.as("dave"));
        Team first = teams.create(Fixtures.unique("aardvark"), "Aardvark Films", Tier.PRO, "Europe/Berlin");
        Team second = teams.create(Fixtures.unique("zebra"), "Zebra Studio", Tier.PLUS, "UTC");
        teams.putMember(first.id, dave, TeamRole.MEMBER);
        teams.putMember(second.id, dave, TeamRole.ADMIN);

        try (Browser browser = Browser.open(1280)) {
            browser.signInAs("dave");
            browser.waiting().until(ExpectedConditions.urlContains("/t/" + first.slug));
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Aardvark Films");

            browser.driver().findElement(By.cssSelector("[data-testid=team-switcher] summary")).click();
            browser.driver().findElement(By.partialLinkText("Zebra Studio")).click();

            browser.waiting().until(ExpectedConditions.urlContains("/t/" + second.slug));
            assertThat(browser.driver().findElement(By.tagName("h1")).getText()).isEqualTo("Zebra Studio");
            assertThat(browser.driver().findElement(By.tagName("main")).getText()).contains("You are an admin of this team");
        }
    }
}
