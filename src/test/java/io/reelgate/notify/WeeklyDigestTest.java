package io.reelgate.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.budget.Settlement;
import io.reelgate.budget.SettlementOutcome;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;
import io.reelgate.testing.Mailbox;
import io.reelgate.testing.Session;

/** The weekly digest goes once per week to admins who asked for it, and to no one else. */
@QuarkusTest
class WeeklyDigestTest {

    @Inject
    Fixtures fixtures;
    @Inject
    Admission admission;
    @Inject
    Settlement settlement;
    @Inject
    WeeklyDigest digest;
    @Inject
    EntityManager em;
    @Inject
    io.reelgate.testing.TestClock clock;

    @Test
    void optedInAdminsGetLastWeeksNumbersOnce() {
        Team team = fixtures.team("digest", Tier.PRO);
        Session admin = fixtures.memberOf(team, "dina", TeamRole.ADMIN);
        long quiet = fixtures.personIn(team, "quiet", TeamRole.ADMIN);
        long maker = fixtures.personIn(team, "maker", TeamRole.MEMBER);
        // the profile page's switch
        admin.form().formParam("thresholdAlerts", "on").formParam("weeklyDigest", "on").post("/me/mail").then().statusCode(303);
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update app_user set mail_weekly_digest = true where id = ?1").setParameter(1, maker).executeUpdate());
        var r = admission.admit(new AdmissionRequest(team.id, maker, "simulator", "sora-2", "1280x720", 8, false));
        settlement.settle(((AdmissionResult.Admitted) r).reservationId(), SettlementOutcome.COMPLETED, 8);

        // Wednesday noon (team time) of the week after the charge: the charge's week is the last full week,
        // also an hour later (a week from the wall clock's now crossed into another week late on Sundays)
        Instant nextWeek = clock.instant().atZone(team.zone()).toLocalDate()
                .with(java.time.temporal.TemporalAdjusters.previousOrSame(java.time.DayOfWeek.MONDAY)).plusWeeks(1)
                .plusDays(2).atTime(12, 0).atZone(team.zone()).toInstant();
        String to = fixtures.user(admin).email;
        // a failed send gives the claim back and the next run retries: run until it has gone out
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            digest.sendDue(nextWeek);
            return !Mailbox.to(to).isEmpty();
        });
        List<MimeMessage> mails = Mailbox.to(to);
        String text = Mailbox.text(mails.get(0));
        assertThat(text).contains("Spent in the week: $0.80").contains("sora-2: $0.80").contains("/t/" + team.slug + "/admin");
        assertThat(text).contains("This budget period so far");

        digest.sendDue(nextWeek.plusSeconds(3600));
        assertEquals(1, Mailbox.to(to).size(), "one digest per week");
        assertThat(Mailbox.to(email(quiet))).as("admins who did not opt in").isEmpty();
        assertThat(Mailbox.to(email(maker))).as("members are not sent team numbers").isEmpty();
    }

    private String email(long userId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select email from app_user where id = ?1").setParameter(1, userId).getSingleResult());
    }
}
