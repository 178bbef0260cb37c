package io.reelgate.testing;

import java.lang.management.ManagementFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Live heap growth of a piece of work, for the memory goals of benchmarks. */
public final class HeapGrowth {

    /** Work that may throw. */
    public interface Work {
        void run() throws Exception;
    }

    private HeapGrowth() {
    }

    /**
     * Runs the work and returns the most heap in use above the starting point, measured right
     * after a forced GC every 200 ms (so garbage does not count, only what the work holds on to).
     */
    public static long during(Work work) throws Exception {
        var memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong peak = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> {
            System.gc();
            peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed() - baseline, Math::max);
        }, 200, 200, TimeUnit.MILLISECONDS);
        try {
            work.run();
        } finally {
            sampler.shutdownNow();
        }
        return peak.get();
    }
}
