package io.reelgate.docs;

import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;

/**
 * Refreshes the screenshots in {@code docs/screenshots/} (1280 and 375 px wide). Not part of the
 * normal run: {@code ./mvnw verify -Dtest=ScreenshotTour -Dreelgate.screenshots=true}.
 */
@QuarkusTest
class ScreenshotTour {

    @Inject
    Fixtures fixtures;
    @Inject
    TeamDirectory teams;

    Team acme;

    @BeforeEach
    void onlyWhenAsked() {
        Assumptions.assumeTrue(Boolean.getBoolean("reelgate.screenshots"), "screenshots not requested");
        long alice = fixtures.userId(Login.as("alice"));
        acme = teams.create(Fixtures.unique("acme"), "Acme", Tier.PRO, "America/Los_Angeles");
        teams.putMember(acme.id, alice, TeamRole.ADMIN);
        for (String name : List.of("bob", "dave")) {
            teams.putMember(acme.id, fixtures.userId(Login.as(name)), TeamRole.MEMBER);
        }
        Team globex = teams.create(Fixtures.unique("globex"), "Globex", Tier.PLUS, "Europe/Berlin");
        teams.putMember(globex.id, alice, TeamRole.MEMBER);
    }

    @Test
    void foundationPages() {
        for (int width : List.of(1280, 375)) {
            try (Browser browser = Browser.open(width)) {
                browser.go("/");
                browser.screenshot("landing-" + width);
                browser.signInAs("alice");
                browser.waiting().until(ExpectedConditions.urlContains("/t/"));
                browser.go("/t/" + acme.slug);
                browser.screenshot("team-home-" + width);
                browser.go("/me");
                browser.screenshot("profile-" + width);
                browser.go("/t/no-such-team");
                browser.screenshot("not-found-" + width);
            }
        }
    }
}
