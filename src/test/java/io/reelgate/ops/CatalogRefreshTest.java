package io.reelgate.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Ledger;
import io.reelgate.budget.Money;
import io.reelgate.budget.PriceBook;
import io.reelgate.budget.Settlement;
import io.reelgate.budget.SettlementOutcome;
import io.reelgate.provider.CatalogUpdates;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Login;
import io.reelgate.testing.Session;
import io.restassured.RestAssured;

/**
 * An operator refreshes the OpenRouter catalog from OpenRouter's list (the simulator's, varied by its
 * admin switch): looking changes nothing, applying prices new requests and never admitted ones, a
 * stale apply is refused, only operators may, and reverting (here or on another instance) restores
 * the configured catalog.
 */
@QuarkusTest
class CatalogRefreshTest {

    static final String WAN = "alibaba/wan-2.6"; // configured at $0.04 a second: 5 s cost $0.20
    static final String BASE = "/ops/providers/openrouter/catalog";

    @Inject
    PriceBook prices;
    @Inject
    Admission admission;
    @Inject
    Settlement settlement;
    @Inject
    Ledger ledger;
    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings budgets;
    @Inject
    CatalogUpdates updates;
    @Inject
    EntityManager em;

    Session operator;

    @BeforeEach
    void operator() {
        operator = Login.as(Fixtures.unique("otto"), "user,operator");
    }

    @AfterEach
    void configuredAgain() {
        listPrices(Map.of());
        operator.form().post(BASE + "/revert").then().statusCode(303);
    }

    static void listPrices(Map<String, String> prices) {
        RestAssured.given().header("Authorization", "Bearer sk-or-sim-reelgate-dev").contentType("application/json")
                .body(prices).put("/sim/openrouter/admin/list-prices").then().statusCode(200);
    }

    private Money wanFiveSeconds() {
        return prices.quote("openrouter", WAN, "1280x720", 5).cost();
    }

    private Document check() {
        return Jsoup.parse(operator.form().post(BASE + "/check").then().statusCode(200).extract().asString());
    }

    private static String hash(Document page) {
        return page.select("[data-testid=apply] input[name=hash]").attr("value");
    }

    private long storedRows() {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery(
                "select count(*) from catalog_update where provider = 'openrouter'").getSingleResult()).longValue());
    }

    @Test
    void checkingShowsTheDifferencesAndChangesNothing() {
        Document ops = Jsoup.parse(operator.given().get("/ops").then().statusCode(200).extract().asString());
        assertThat(ops.select("[data-testid=provider-openrouter] form[action$=/catalog/check]")).as("the button").hasSize(1);
        Document same = check();
        assertThat(same.select("[data-testid=no-changes]")).as("the simulator lists the catalog").hasSize(1);

        listPrices(Map.of(WAN, "0.05", "acme/new-video", "0.1"));
        Document page = check();
        assertThat(page.select("[data-testid=changed] tr").eachText()).as("the changed price, old → new")
                .contains("alibaba/wan-2.6 price 720p $0.04/s → 720p $0.05/s");
        assertThat(page.select("[data-testid=only-openrouter] tr").eachText()).as("the model only OpenRouter lists")
                .contains("acme/new-video 5, 10 720p no 720p $0.1/s");
        assertEquals(Money.parse("0.20"), wanFiveSeconds(), "looking changes no price");
        assertEquals(0, storedRows(), "looking stores nothing");
    }

    @Test
    void applyingPricesNewRequestsWhileAJobAdmittedBeforeKeepsItsPrice() {
        Team team = fixtures.team("refresh", Tier.PRO);
        budgets.update(team.id, new BudgetSettings.Form("1000", "1", "HARD", "0", "", "50,75,90,100"));
        fixtures.teamsCustomLimits(team.id, 1000, 100000);
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        AdmissionRequest wan = new AdmissionRequest(team.id, member, "openrouter", WAN, "1280x720", 5, false);
        AdmissionResult.Admitted before = (AdmissionResult.Admitted) admission.admit(wan);
        assertEquals(Money.parse("0.20"), before.cost());

        listPrices(Map.of(WAN, "0.05", "acme/new-video", "0.1"));
        operator.form().formParam("hash", hash(check())).post(BASE + "/apply").then().statusCode(303);

        assertEquals(Money.parse("0.25"), wanFiveSeconds(), "new quotes use the applied price");
        assertEquals(Money.parse("0.25"), admission.estimate(wan).quote().cost(), "the studio's estimate too");
        assertEquals(Money.parse("1.00"), prices.quote("openrouter", "acme/new-video", "1280x720", 10).cost(),
                "the model only OpenRouter listed is offered");
        AdmissionResult.Admitted after = (AdmissionResult.Admitted) admission.admit(wan);
        assertEquals(Money.parse("0.25"), after.cost(), "new admissions reserve the applied price");

        assertEquals(Money.parse("0.20"), settlement.settle(before.reservationId(), SettlementOutcome.COMPLETED, 5).charged(),
                "a job admitted before the apply is charged its admitted price");
        assertEquals(Money.parse("0.25"), settlement.settle(after.reservationId(), SettlementOutcome.COMPLETED, 5).charged());
        assertThat(ledger.reconcile().balanced()).as("the ledger reconciles").isTrue();
        assertEquals(1, storedRows());
        Object[] audit = QuarkusTransaction.requiringNew().call(() -> (Object[]) em.createNativeQuery(
                "select old_value, new_value from audit_event where action = 'catalog.apply' and subject = 'openrouter' "
                        + "order by id desc limit 1").getSingleResult());
        assertThat((String) audit[0]).as("audited from").contains("alibaba/wan-2.6 [5, 10] s 720p $0.04/s");
        assertThat((String) audit[1]).as("audited to").contains("alibaba/wan-2.6 [5, 10] s 720p $0.05/s");
        Document ops = Jsoup.parse(operator.given().get("/ops").then().statusCode(200).extract().asString());
        assertThat(ops.select("[data-testid=provider-openrouter]").text()).contains("acme/new-video");
    }

    @Test
    void anApplyOfAListThatChangedSinceItWasShownIsRefused() {
        listPrices(Map.of(WAN, "0.05"));
        String shown = hash(check());
        listPrices(Map.of(WAN, "0.06"));
        Document refused = Jsoup.parse(operator.form().formParam("hash", shown).post(BASE + "/apply").then()
                .statusCode(409).extract().asString());
        assertThat(refused.select("[data-testid=refresh-error]").text()).contains("changed since you compared");
        assertThat(refused.select("[data-testid=changed] tr").eachText()).as("the list as it is now")
                .contains("alibaba/wan-2.6 price 720p $0.04/s → 720p $0.06/s");
        assertEquals(Money.parse("0.20"), wanFiveSeconds(), "nothing applied");
        assertEquals(0, storedRows());
    }

    @Test
    void onlyOperatorsCheckApplyOrRevert() {
        Team team = fixtures.team("refresh", Tier.PRO);
        Session admin = fixtures.memberOf(team, "ada", TeamRole.ADMIN);
        for (String action : new String[] {"check", "apply", "revert"}) {
            assertEquals(403, admin.form().formParam("hash", "x").post(BASE + "/" + action).statusCode(), action);
        }
    }

    @Test
    void revertingHereOrOnAnotherInstanceRestoresTheConfiguredCatalog() {
        listPrices(Map.of(WAN, "0.05"));
        operator.form().formParam("hash", hash(check())).post(BASE + "/apply").then().statusCode(303);
        assertEquals(Money.parse("0.25"), wanFiveSeconds());
        operator.form().post(BASE + "/revert").then().statusCode(303);
        assertEquals(Money.parse("0.20"), wanFiveSeconds(), "reverted on this instance at once");
        assertEquals(0, storedRows());

        operator.form().formParam("hash", hash(check())).post(BASE + "/apply").then().statusCode(303);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "delete from catalog_update where provider = 'openrouter'").executeUpdate());
        updates.refresh();
        assertEquals(Money.parse("0.20"), wanFiveSeconds(), "the periodic check follows another instance's revert");
    }
}
