package io.reelgate.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.budget.Settlement;
import io.reelgate.budget.SettlementOutcome;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Mailbox;

/** Spending alerts through real SMTP (GreenMail): once per threshold and period, highest of a charge, exactly once. */
@QuarkusTest
class BudgetAlertMailTest {

    @Inject
    Fixtures fixtures;
    @Inject
    BudgetSettings settings;
    @Inject
    Admission admission;
    @Inject
    Settlement settlement;
    @Inject
    BudgetAlertMailer mailer;
    @Inject
    EntityManager em;
    @Inject
    io.reelgate.budget.Ledger ledger;

    Team team;
    long member;
    String admin;

    @BeforeEach
    void team() {
        team = fixtures.team("alerts", Tier.PRO);
        long adminId = fixtures.personIn(team, "boss", TeamRole.ADMIN);
        admin = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select email from app_user where id = ?1").setParameter(1, adminId).getSingleResult());
        member = fixtures.personIn(team, "maker", TeamRole.MEMBER);
    }

    private void budget(String usd) {
        settings.update(team.id, new BudgetSettings.Form(usd, "1", "HARD", "0", "", "50,75,90,100"));
    }

    /** Admits and settles a completed sora-2 video of {@code seconds} ($0.10 a second). */
    private void charge(int seconds) {
        settlement.settle(reserve(seconds), SettlementOutcome.COMPLETED, seconds);
    }

    private long reserve(int seconds) {
        var result = admission.admit(new AdmissionRequest(team.id, member, "simulator", "sora-2", "1280x720", seconds, false));
        return ((AdmissionResult.Admitted) result).reservationId();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** No further mail arrives for a while (the mailer runs every second in tests). */
    private void staysAt(int count) {
        Awaitility.await().during(Duration.ofMillis(2500)).atMost(Duration.ofSeconds(4))
                .until(() -> Mailbox.to(admin).size() == count);
    }

    @Test
    void crossingHalfTheBudgetMailsTheAdminsOnce() {
        budget("2");
        charge(12); // $1.20 of $2: 60 %

        List<MimeMessage> mails = Mailbox.await(admin, 1);
        assertThat(subject(mails.get(0))).isEqualTo(team.name + " has used 50 % of its budget");
        String body = Mailbox.raw(mails.get(0));
        assertThat(body).contains("$1.20").contains("$2.00").contains("$0.80").contains("/t/" + team.slug)
                .contains("would end at about");
        assertThat(Mailbox.to(QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select email from app_user where id = ?1").setParameter(1, member).getSingleResult()))).as("members get none").isEmpty();
        staysAt(1);
    }

    @Test
    void oneChargeOverSeveralThresholdsSendsOneMailNamingTheHighest() {
        budget("3");
        charge(12); // 40 %: nothing
        staysAt(0);
        charge(12); // 80 %: crosses 50 and 75

        List<MimeMessage> mails = Mailbox.await(admin, 1);
        assertThat(subject(mails.get(0))).contains("75 %");
        staysAt(1);
        assertThat(alerts()).containsExactly("50 delivered", "75 delivered");
    }

    @Test
    void twentyConcurrentSettlementsAndMailersSendExactlyOneMail() throws Exception {
        budget("16");
        List<Long> reservations = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            reservations.add(reserve(4)); // 20 × $0.40 = $8.00: the last one reaches 50 %
        }
        ExecutorService pool = Executors.newFixedThreadPool(24);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (long reservation : reservations) {
            done.add(pool.submit(() -> {
                start.await();
                return settlement.settle(reservation, SettlementOutcome.COMPLETED, 4);
            }));
        }
        for (int i = 0; i < 4; i++) {
            done.add(pool.submit(() -> {
                start.await();
                for (int k = 0; k < 20; k++) {
                    mailer.deliverPending();
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();

        Mailbox.await(admin, 1);
        staysAt(1);
        assertThat(alerts()).containsExactly("50 delivered");
    }

    @Test
    void anAlertLeftByACrashedInstanceIsMailedOnceAfterItsLease() {
        budget("100");
        // As left by an instance that recorded the alert in its settlement, claimed it and died
        // before sending: attempts taken, lease expired, nothing delivered.
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into budget_alert (team_id, period_start, "
                + "threshold_pct, spent_micros, budget_micros, attempts, lease_owner, lease_until) values (?1, "
                + "date_trunc('month', now())::date, 90, 90000000, 100000000, 1, 'dead-instance', now() - interval '1 second')")
                .setParameter(1, team.id).executeUpdate());

        List<MimeMessage> mails = Mailbox.await(admin, 1);
        assertThat(subject(mails.get(0))).contains("90 %");
        staysAt(1);
    }

    @Test
    void theNextPeriodAlertsAgain() {
        budget("2.40");
        charge(12); // exactly 50 %
        Mailbox.await(admin, 1);
        // the same threshold in another period is a new alert
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("insert into budget_alert (team_id, period_start, "
                + "threshold_pct, spent_micros, budget_micros) values (?1, (date_trunc('month', now()) + interval '1 month')::date, "
                + "50, 1200000, 2000000)").setParameter(1, team.id).executeUpdate());
        Mailbox.await(admin, 2);
        staysAt(2);
        charge(4); // back in this period at 67 %: 50 % was already mailed, 75 % is not reached
        staysAt(2);
    }

    @SuppressWarnings("unchecked")
    private List<String> alerts() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> QuarkusTransaction.requiringNew().call(() ->
                ((Number) em.createNativeQuery("select count(*) from budget_alert where team_id = ?1 and delivered_at is null")
                        .setParameter(1, team.id).getSingleResult()).longValue() == 0));
        return QuarkusTransaction.requiringNew().call(() -> ((List<Object[]>) em.createNativeQuery(
                "select threshold_pct, delivered_at is not null from budget_alert where team_id = ?1 order by threshold_pct")
                .setParameter(1, team.id).getResultList()).stream()
                .map(r -> r[0] + ((Boolean) r[1] ? " delivered" : " pending")).toList());
    }

    @Test
    void theFirstRefusalOfAUsedUpBudgetIsMailedOnce() {
        budget("1.20");
        charge(12); // exactly 100 %
        Mailbox.await(admin, 1);
        for (int i = 0; i < 3; i++) {
            var refused = admission.admit(new AdmissionRequest(team.id, member, "simulator", "sora-2", "1280x720", 4, false));
            assertThat(refused).isInstanceOf(AdmissionResult.Rejected.class);
        }
        List<MimeMessage> mails = Mailbox.await(admin, 2);
        assertThat(subject(mails.get(1))).isEqualTo(team.name + "'s budget is used up: new videos are refused");
        assertThat(Mailbox.text(mails.get(1))).contains("A new video was refused").contains("$1.20")
                .contains("/t/" + team.slug + "/admin");
        staysAt(2);
    }

    @Test
    void chosenRecipientsGetAlertsAndMayOptOutOfTheNonCriticalOnes() {
        String makerEmail = QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select email from app_user where id = ?1").setParameter(1, member).getSingleResult());
        QuarkusTransaction.requiringNew().run(() -> {
            em.createNativeQuery("insert into alert_recipient (team_id, user_id) values (?1, ?2)").setParameter(1, team.id)
                    .setParameter(2, member).executeUpdate();
            em.createNativeQuery("update app_user set mail_threshold_alerts = false where id = ?1").setParameter(1, member)
                    .executeUpdate();
        });
        budget("2");
        charge(12); // 60 %: the only recipient opted out of alerts below 100 %
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> alerts().contains("50 delivered"));
        assertThat(Mailbox.to(makerEmail)).isEmpty();
        assertThat(Mailbox.to(admin)).as("admins are not recipients once someone is chosen").isEmpty();
        charge(8); // 100 %: always sent
        List<MimeMessage> mails = Mailbox.await(makerEmail, 1);
        assertThat(subject(mails.get(0))).contains("100 %");
        assertThat(Mailbox.to(admin)).isEmpty();
    }

    @Test
    void anAdjustmentThatDipsUnderAndReCrossesDoesNotMailAgain() {
        budget("2");
        charge(12); // 60 %: the 50 % mail
        Mailbox.await(admin, 1);
        ledger.adjust(team.id, io.reelgate.budget.Money.parse("-0.40"), member, "goodwill credit"); // 40 %
        charge(4); // 60 % again: 50 % was already mailed this period
        staysAt(1);
        assertThat(alerts()).containsExactly("50 delivered");
    }
}
