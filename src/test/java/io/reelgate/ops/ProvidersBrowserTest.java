package io.reelgate.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.testing.Browser;
import io.reelgate.testing.Fixtures;

/**
 * In Chromium, as an operator: add a provider on {@code /ops/providers}, test its connection, change
 * which models it offers, and set a dated price. With {@code -Dreelgate.screenshots=true} it saves
 * the list, the form and the prices page at 1280 and 375 pixels ({@code docs/screenshots/ops-console-*.png}).
 */
@QuarkusTest
class ProvidersBrowserTest {

    private static final boolean SCREENSHOTS = Boolean.getBoolean("reelgate.screenshots");

    @Test
    void anOperatorAddsAProviderTestsItPicksModelsAndSetsAPrice() {
        String operator = Fixtures.unique("orla");
        String name = "studio-" + Fixtures.unique("b").toLowerCase().replaceAll("[^a-z0-9]", "");
        for (int width : SCREENSHOTS ? new int[] { 1280, 375 } : new int[] { 1280 }) {
            try (Browser browser = Browser.open(width)) {
                WebDriver d = browser.driver();
                browser.signInAsCustom(operator, "user,operator");
                browser.waiting().until(ExpectedConditions.not(ExpectedConditions.urlContains("/login")));
                if (width == 1280) {
                    browser.go("/ops/providers/new?type=openai");
                    assertThat(d.findElements(By.cssSelector("input[name=models]:checked"))).as("the preset's models, ticked")
                            .hasSizeGreaterThanOrEqualTo(2);
                    d.findElement(By.id("p-name")).sendKeys(name);
                    d.findElement(By.id("p-label")).sendKeys("Studio Sora (simulated)");
                    d.findElement(By.id("p-key")).sendKeys("sk-sim-console-first-1111");
                    assertThat(d.findElement(By.cssSelector("input[name=simulated]")).isSelected())
                            .as("where the simulators run, a new provider talks to them unless unticked").isTrue();
                    d.findElement(By.id("p-props")).sendKeys("capabilities.remix=false");
                    if (SCREENSHOTS) {
                        browser.screenshot("ops-console-form-" + width);
                    }
                    d.findElement(By.cssSelector("[data-testid=save]")).click();
                    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"),
                            name + " was added"));

                    d.findElement(By.cssSelector("[data-testid=test-" + name + "]")).click();
                    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"),
                            "key accepted"));

                    d.findElement(By.cssSelector("[data-testid=edit-" + name + "]")).click();
                    assertThat(d.findElement(By.cssSelector("[data-testid=hint-api-key]")).getText()).isEqualTo("…1111");
                    assertThat(d.getPageSource()).doesNotContain("sk-sim-console-first-1111");
                    WebElement pro = d.findElement(By.cssSelector("input[name=models][value=sora-2-pro]"));
                    assertThat(pro.isSelected()).isTrue();
                    d.findElement(By.cssSelector("[data-testid=save]")).click();
                    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"),
                            name + " was saved"));

                    d.findElement(By.cssSelector("[data-testid=prices-" + name + "]")).click();
                    new Select(d.findElement(By.id("v-model"))).selectByValue("sora-2");
                    new Select(d.findElement(By.id("v-key"))).selectByValue("720p");
                    d.findElement(By.id("v-usd")).sendKeys("0.12");
                    d.findElement(By.id("v-note")).sendKeys("new contract");
                    d.findElement(By.cssSelector("[data-testid=set-price]")).click();
                    browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash-region"),
                            "new price of sora-2 720p was saved"));
                    assertThat(d.findElement(By.cssSelector("[data-testid=price-sora-2-720p]")).getText()).contains("$0.12/s")
                            .contains("version");
                }
                if (SCREENSHOTS) {
                    browser.go("/ops/providers/" + name + "/prices");
                    browser.screenshot("ops-console-prices-" + width);
                    browser.go("/ops/providers");
                    browser.screenshot("ops-console-providers-" + width);
                    if (width == 375) {
                        browser.go("/ops/providers/" + name + "/edit");
                        browser.screenshot("ops-console-form-" + width);
                    }
                }
                browser.go("/ops/providers");
                assertThat(d.findElement(By.cssSelector("[data-testid=provider-row-" + name + "]")).getText()).contains("Console")
                        .contains("…1111");
                assertThat(d.findElement(By.cssSelector("[data-testid=history]")).getText()).contains(name);
            }
        }
    }
}
