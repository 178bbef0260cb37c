package io.reelgate.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;
import io.reelgate.testing.Videos;

/**
 * Pages follow the system's colour scheme, and in both schemes every visible text stays readable:
 * WCAG AA contrast (4.5:1) between each text and the background it is drawn on, checked in Chromium
 * from the computed styles of the real pages (text on pictures and gradients is left out).
 */
@QuarkusTest
class ColourSchemeBrowserTest {

    /** WCAG relative luminance of a computed CSS colour ({@code rgb(...)} or {@code rgba(...)}). */
    private static final String LUMINANCE = """
            const lum = c => { const v = c.match(/[\\d.]+/g).map(Number);
              return v.slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); })
                .reduce((s, x, i) => s + x * [0.2126, 0.7152, 0.0722][i], 0); };
            """;

    /** Every visible element with its own text: its contrast ratio against the first opaque background behind it. */
    private static final String CONTRASTS = LUMINANCE + """
            const opaque = c => { const v = c.match(/[\\d.]+/g); return v && (v.length < 4 || Number(v[3]) > 0.5); };
            const behind = e => { for (; e; e = e.parentElement) { const s = getComputedStyle(e);
              if (s.backgroundImage !== 'none') return null;
              if (opaque(s.backgroundColor)) return s.backgroundColor; } return 'rgb(255, 255, 255)'; };
            const own = e => Array.from(e.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
            return Array.from(document.querySelectorAll('body *'))
              .filter(e => own(e) && e.getClientRects().length && behind(e) !== null
                && !e.closest('.visually-hidden, .gcard-media, .job-media, pre, svg, [hidden]'))
              .map(e => { const f = lum(getComputedStyle(e).color), b = lum(behind(e));
                return { what: e.tagName.toLowerCase() + '.' + e.className + ' "' + e.textContent.trim().slice(0, 30) + '"',
                         ratio: (Math.max(f, b) + 0.05) / (Math.min(f, b) + 0.05) }; });
            """;

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings budgets;
    @Inject
    Videos videos;

    @Test
    void everyPageFollowsTheSystemSchemeAndStaysReadableInBoth() {
        String name = Fixtures.unique("dora");
        Login.as(name);
        Team team = fixtures.team("scheme", Tier.PRO);
        budgets.update(team.id, new BudgetSettings.Form("20", "1", "HARD", "0", "", "50"));
        fixtures.member(team, new Session(name, Map.of()), TeamRole.ADMIN);
        videos.make(team.id, fixtures.userId(new Session(name, Map.of())), "a paper boat on a rain-soaked street");

        try (Browser browser = Browser.open(1280)) {
            browser.signInAsCustom(name, "user");
            browser.waiting().until(ExpectedConditions.urlContains("/t/"));
            for (String scheme : List.of("light", "dark")) {
                browser.colourScheme(scheme);
                for (String page : List.of("", "/studio", "/gallery", "/admin", "/admin/ledger", "/keys")) {
                    browser.go("/t/" + team.slug + page);
                    double background = luminance(browser, "getComputedStyle(document.body).backgroundColor");
                    if (scheme.equals("dark")) {
                        assertThat(background).as(scheme + " " + page + " background").isLessThan(0.02);
                    } else {
                        assertThat(background).as(scheme + " " + page + " background").isGreaterThan(0.85);
                    }
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> texts = (List<Map<String, Object>>) ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(CONTRASTS);
                    assertThat(texts).as(page + " has text").hasSizeGreaterThan(10);
                    assertThat(texts).as(scheme + " " + page + ": texts under 4.5:1")
                            .filteredOn(t -> ((Number) t.get("ratio")).doubleValue() < 4.5)
                            .extracting(t -> t.get("what") + " " + String.format("%.2f", ((Number) t.get("ratio")).doubleValue()))
                            .isEmpty();
                }
                browser.go("/t/" + team.slug + "/admin");
                double track = luminance(browser, "getComputedStyle(document.querySelector('.meter-track')).fill");
                assertThat(track).as("the budget meter's track follows the scheme")
                        .matches(t -> scheme.equals("dark") ? t < 0.05 : t > 0.7);
            }
        }
    }

    private static double luminance(Browser browser, String colourExpression) {
        return ((Number) ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript(LUMINANCE + "return lum(" + colourExpression + ");")).doubleValue();
    }
}
