package io.reelgate.notify;

import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.reelgate.budget.BillingDrift;
import io.reelgate.budget.Ledger;
import io.reelgate.web.WebConfig;

/**
 * Mails the operators ({@code reelgate.alerts.operator-emails}) when a provider's bills drift from
 * the price book beyond {@code reelgate.budget.drift-alert-percent} over the last 30 days: once per
 * provider and day (UTC) across all instances, claimed in {@code drift_alert}; a failed send drops
 * the claim so the next run retries.
 */
@ApplicationScoped
public class DriftAlerts {

    private static final Logger LOG = Logger.getLogger(DriftAlerts.class);

    /** One drifting provider, as the mail shows it. */
    public record Alert(BillingDrift.Row row, int days, int threshold, String link) {
    }

    private final EntityManager em;
    private final Ledger ledger;
    private final AlertsConfig config;
    private final WebConfig web;
    private final InstantSource clock;

    DriftAlerts(EntityManager em, Ledger ledger, AlertsConfig config, WebConfig web, InstantSource clock) {
        this.em = em;
        this.ledger = ledger;
        this.config = config;
        this.web = web;
        this.clock = clock;
    }

    @Scheduled(every = "${reelgate.alerts.drift-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sendDue(clock.instant());
    }

    /** Mails every provider drifting beyond the threshold that was not mailed today; returns how many went out. */
    public int sendDue(Instant now) {
        List<String> to = config.operatorEmails().orElse(List.of()).stream().filter(e -> !e.isBlank()).toList();
        if (to.isEmpty()) {
            return 0;
        }
        BillingDrift drift = ledger.drift(30);
        LocalDate day = now.atZone(ZoneOffset.UTC).toLocalDate();
        int sent = 0;
        for (BillingDrift.Row row : drift.beyondThreshold()) {
            if (!claim(row.provider(), day)) {
                continue;
            }
            Alert alert = new Alert(row, drift.days(), drift.alertPercent(), web.baseUrlOrLocal() + "/ops");
            try {
                Postman.deliver(() -> MailTemplates.driftAlert(alert).to(to.toArray(String[]::new))
                        .subject(row.provider() + "'s bills drift " + row.percentText() + " from the price book"));
                sent++;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Billing-drift mail for %s not sent; will retry", row.provider());
                release(row.provider(), day);
            }
        }
        return sent;
    }

    @Transactional
    boolean claim(String provider, LocalDate day) {
        return em.createNativeQuery("insert into drift_alert (provider, day) values (?1, ?2) on conflict do nothing")
                .setParameter(1, provider).setParameter(2, day).executeUpdate() == 1;
    }

    @Transactional
    void release(String provider, LocalDate day) {
        em.createNativeQuery("delete from drift_alert where provider = ?1 and day = ?2").setParameter(1, provider)
                .setParameter(2, day).executeUpdate();
    }
}
