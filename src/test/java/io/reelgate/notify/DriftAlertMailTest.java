package io.reelgate.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.budget.Admission;
import io.reelgate.budget.AdmissionRequest;
import io.reelgate.budget.AdmissionResult;
import io.reelgate.budget.Money;
import io.reelgate.budget.Settlement;
import io.reelgate.budget.SettlementOutcome;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.testing.Mailbox;
import io.reelgate.testing.ProviderRuns;

/** A provider whose bills drift from the price book beyond the threshold is mailed to the operators once a day. */
@QuarkusTest
class DriftAlertMailTest {

    static final String OPERATOR = "ops-drift@example.com";

    @Inject
    ProviderRuns runs;
    @Inject
    io.reelgate.testing.Fixtures fixtures;
    @Inject
    Admission admission;
    @Inject
    Settlement settlement;
    @Inject
    DriftAlerts drift;

    @Test
    void aDriftingProviderIsMailedToTheOperatorsOncePerDay() {
        Team team = runs.fundedTeam("drift", "SOFT");
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        var admitted = (AdmissionResult.Admitted) admission.admit(new AdmissionRequest(team.id, member, "openrouter",
                "alibaba/wan-2.6", "1280x720", 5, false));
        // billed a hundred times the list price: beyond any threshold, whatever other tests billed
        settlement.settle(admitted.reservationId(), SettlementOutcome.COMPLETED, 5, Money.parse("20.00").micros());
        Instant now = Instant.parse("2030-01-15T12:00:00Z"); // noon: a minute later is the same day, a day later the next

        assertThat(drift.sendDue(now)).as("at least this provider drifts").isGreaterThanOrEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !openRouterMails().isEmpty());
        MimeMessage mail = openRouterMails().get(0);
        assertThat(subject(mail)).startsWith("openrouter's bills drift +");
        assertThat(Mailbox.text(mail)).contains("from the price book").contains("/ops");

        assertEquals(0, drift.sendDue(now.plusSeconds(60)), "once a day");
        assertThat(drift.sendDue(now.plus(Duration.ofDays(1)))).as("and again the next day").isGreaterThanOrEqualTo(1);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> openRouterMails().size() == 2);
    }

    /** Other tests leave other providers drifting too: only OpenRouter's mails count here. */
    private static List<MimeMessage> openRouterMails() {
        return Mailbox.to(OPERATOR).stream().filter(m -> subject(m).startsWith("openrouter's")).toList();
    }

    private static String subject(MimeMessage m) {
        try {
            return m.getSubject();
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
