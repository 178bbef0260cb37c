package io.reelgate.lease;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How long a claimed row stays with its holder, and how often the holder says it is still at work. */
@ConfigMapping(prefix = "reelgate.leases")
public interface LeaseConfig {

    /**
     * {@code reelgate.leases.duration}: how long a claimed row (a job step, an outgoing webhook, a
     * provider event, an alert mail, a stitch) stays with the instance working on it after its last
     * renewal. After a crash (kill -9) another instance takes the row over at most this long after
     * the dead one's last renewal, plus its own polling interval; after a graceful stop, at once.
     */
    @WithDefault("25S")
    Duration duration();

    /**
     * {@code reelgate.leases.renew-every}: how often an instance extends the leases of the rows it is
     * working on. Keep it well under {@link #duration()}, so one or two missed renewals (a pause, a
     * slow database) do not lose a lease to another instance.
     */
    @WithDefault("8S")
    Duration renewEvery();

    /**
     * {@code reelgate.leases.stop-grace}: how long a graceful stop (SIGTERM) waits for steps that must
     * not be cut off — a provider create in flight, whose outcome would otherwise be unknown — before
     * it releases every lease. Keep it under the orchestrator's grace period (Kubernetes: 60 s here).
     */
    @WithDefault("20S")
    Duration stopGrace();
}
