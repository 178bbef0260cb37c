package io.reelgate.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import javax.sql.DataSource;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.testing.Fixtures;

/**
 * The lease keeper on rows of a leased table (provider events that are not due, so no sweep takes
 * them): a renewal extends what is held, a renewal that finds a row taken over marks it lost and
 * interrupts its worker, fenced writes are then refused, and a stopping instance releases every row
 * at once. "Now" is the database's: the assertions compare lease times with its {@code now()}.
 */
@QuarkusTest
class LeasesTest {

    private static final LeasedTable EVENTS = LeasedTable.of("webhook_event");

    @Inject
    Leases leases;
    @Inject
    LeaseConfig config;
    @Inject
    DataSource dataSource;
    @Inject
    EntityManager em;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    @Test
    void aRenewalExtendsTheLeaseOfARowItHoldsToTheFullDuration() {
        long row = leasedRow(leases.owner(), "2 seconds");
        try (Leases.Held held = leases.hold(EVENTS, List.of(row)).get(0)) {
            assertThat(leases.renew()).as("rows renewed").isGreaterThanOrEqualTo(1);
            assertThat(held.lost()).isFalse();
            assertThat(secondsLeft(row)).as("lease left after the renewal, in seconds")
                    .isBetween(config.duration().toSeconds() - 2.0, config.duration().toSeconds() + 0.0);
        }
    }

    @Test
    void aRenewalThatFindsTheRowTakenOverInterruptsTheWorkerAndItsWritesAreRefused() {
        long row = leasedRow(leases.owner(), "30 seconds");
        try (Leases.Held held = leases.work(EVENTS, row)) {
            takeOver(row);
            leases.renew();

            assertThat(held.lost()).as("the renewal found the row taken").isTrue();
            assertThat(Thread.interrupted()).as("the worker was interrupted").isTrue();
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(() -> leases.fenceIfWorking(EVENTS, row, true)))
                    .isInstanceOf(LeaseLost.class);
            assertThat(owner(row)).as("the new holder keeps it").isEqualTo("other-instance");
        }
        assertThat(Thread.currentThread().isInterrupted()).as("closing clears the interrupt meant for this work").isFalse();
    }

    @Test
    void aFenceLetsTheHolderWriteAndThenStopsRenewingWhatTheWriteReleased() {
        long row = leasedRow(leases.owner(), "30 seconds");
        try (Leases.Held held = leases.work(EVENTS, row)) {
            QuarkusTransaction.requiringNew().run(() -> {
                leases.fenceIfWorking(EVENTS, row, true);
                em.createNativeQuery("update webhook_event set lease_owner = null, lease_until = null where id = ?1")
                        .setParameter(1, row).executeUpdate();
            });
            leases.renew();
            assertThat(held.lost()).as("a released row is not lost, only done").isFalse();
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void aStoppingInstanceReleasesEveryRowItHoldsAtOnce() {
        // a second instance of the keeper: its own owner, the app's database
        Leases stopping = new Leases(config, dataSource, em);
        long first = leasedRow(stopping.owner(), "30 seconds");
        long second = leasedRow(stopping.owner(), "30 seconds");
        long someoneElses = leasedRow("other-instance", "30 seconds");
        List<Leases.Held> held = stopping.hold(EVENTS, List.of(first, second));

        stopping.releaseAll();

        assertThat(held).as("its work is aborted").allMatch(Leases.Held::lost);
        assertThat(List.of(owner(first), owner(second))).as("owners after the stop").containsOnly("-");
        assertThat(secondsLeft(first)).as("lease of a released row").isNull();
        assertThat(owner(someoneElses)).as("another instance's row is left alone").isEqualTo("other-instance");
        assertThat(stopping.closing()).isTrue();

        long claimedWhileStopping = leasedRow(stopping.owner(), "30 seconds");
        assertThat(stopping.hold(EVENTS, List.of(claimedWhileStopping)).get(0).lost()).isTrue();
        assertThat(owner(claimedWhileStopping)).as("a row claimed during the stop is released at once").isEqualTo("-");
    }

    @Test
    void aStopWaitsForAProviderCreateInFlightBeforeItReleases() throws Exception {
        Leases stopping = new Leases(config, dataSource, em);
        long row = leasedRow(stopping.owner(), "30 seconds");
        java.util.concurrent.CountDownLatch sending = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch answered = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean lostWhileSending = new java.util.concurrent.atomic.AtomicBoolean();
        Thread worker = new Thread(() -> {
            Leases.Held held = stopping.work(EVENTS, row);
            stopping.finishing(() -> {
                sending.countDown();
                try {
                    answered.await(); // the provider's answer
                } catch (InterruptedException e) {
                    lostWhileSending.set(true);
                }
                lostWhileSending.compareAndSet(false, held.lost());
                return null;
            });
        });
        worker.start();
        sending.await();
        Thread stop = new Thread(stopping::releaseAll);
        stop.start();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(stopping::closing);
        assertThat(owner(row)).as("held while the create is in flight").isEqualTo(stopping.owner());
        answered.countDown();
        stop.join(10_000);
        worker.join(10_000);
        assertThat(lostWhileSending).as("the create and its answer's write were not cut off").isFalse();
        assertThat(owner(row)).as("released once the create was done").isEqualTo("-");
    }

    /** A provider event leased to {@code owner} for {@code lease}, not due for a day (no sweep takes it). */
    private long leasedRow(String owner, String lease) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) em.createNativeQuery("""
                insert into webhook_event (provider, webhook_id, event_type, payload, next_attempt_at, lease_owner, lease_until)
                values ('lease-test', ?1, 'video.completed', '{}', now() + interval '1 day', ?2, now() + cast(?3 as interval))
                returning id
                """).setParameter(1, Fixtures.unique("wh")).setParameter(2, owner).setParameter(3, lease)
                .getSingleResult()).longValue());
    }

    private void takeOver(long row) {
        QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery(
                "update webhook_event set lease_owner = 'other-instance', lease_until = now() + interval '30 seconds' where id = ?1")
                .setParameter(1, row).executeUpdate());
    }

    private String owner(long row) {
        return QuarkusTransaction.requiringNew().call(() -> (String) em.createNativeQuery(
                "select coalesce(lease_owner, '-') from webhook_event where id = ?1").setParameter(1, row).getSingleResult());
    }

    private Double secondsLeft(long row) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object left = em.createNativeQuery("select extract(epoch from lease_until - now()) from webhook_event where id = ?1")
                    .setParameter(1, row).getSingleResult();
            return left == null ? null : ((Number) left).doubleValue();
        });
    }
}
