package io.reelgate.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.awaitility.Awaitility;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.reelgate.budget.BudgetSettings;
import io.reelgate.team.Team;
import io.reelgate.team.TeamRole;
import io.reelgate.team.Tier;
import io.reelgate.testing.Fixtures;

/** Runs jobs through the pipeline and counts the provider calls they cost, by kind (for the benchmarks). */
final class UpstreamCalls {

    private UpstreamCalls() {
    }

    static Map<String, Double> calls(MeterRegistry registry) {
        Map<String, Double> counts = new TreeMap<>();
        for (Timer t : registry.find("reelgate.provider.calls").tag("provider", "simulator").timers()) {
            counts.merge(t.getId().getTag("call"), (double) t.count(), Double::sum);
        }
        return counts;
    }

    /** Submits {@code n} jobs, waits for them, and prints calls per completed video and polls per generation minute. */
    static void measure(String title, int n, GenerationService generation, JobStore jobs, Fixtures fixtures,
            BudgetSettings settings, MeterRegistry registry) {
        Team team = fixtures.team("calls", Tier.PRO);
        settings.update(team.id, new BudgetSettings.Form("10000", "1", "HARD", "0", "", "50"));
        fixtures.teamsCustomLimits(team.id, 1000, 100000);
        long member = fixtures.personIn(team, "m", TeamRole.MEMBER);
        Map<String, Double> before = calls(registry);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            var result = generation.submit(GenerationService.Request.of(team.id, member, null, "sora-2", "1280x720",
                    4, Fixtures.unique("calls " + i)));
            ids.add(((GenerationService.Queued) result).job().id());
        }
        Awaitility.await().atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> ids.stream().allMatch(id -> jobs.find(id).orElseThrow().state == JobState.COMPLETED));
        Map<String, Double> after = calls(registry);
        double generationMinutes = ids.stream().map(id -> jobs.find(id).orElseThrow().generationTime())
                .mapToDouble(d -> d.toMillis() / 60_000.0).sum();
        System.out.println("\n" + title);
        System.out.println("| call | per completed video |");
        System.out.println("|---|---|");
        double total = 0;
        for (String call : after.keySet()) {
            double per = (after.get(call) - before.getOrDefault(call, 0.0)) / n;
            total += per;
            System.out.printf("| %s | %.2f |%n", call, per);
        }
        System.out.printf("| all | %.2f |%n", total);
        double polls = after.getOrDefault("retrieve", 0.0) - before.getOrDefault("retrieve", 0.0);
        System.out.printf("polls per minute of generation: %.2f (%.0f polls over %.1f generation minutes)%n",
                polls / generationMinutes, polls, generationMinutes);
    }
}
