package io.reelgate.generation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ModelRoutes;
import io.reelgate.provider.Providers;

/**
 * Reads a job's {@link RouteStory} from the routes it took ({@link JobRoutes}), the model's name
 * ({@link ModelRoutes}) and the providers' names ({@link Providers}). The caller has the job from
 * its team's own query, so a story is never another team's.
 */
@ApplicationScoped
public class RouteStories {

    private final JobRoutes routes;
    private final ModelRoutes models;
    private final Providers providers;

    RouteStories(JobRoutes routes, ModelRoutes models, Providers providers) {
        this.routes = routes;
        this.models = models;
        this.providers = providers;
    }

    /** The job's story; empty for a job of a provider's own model (it records no routes). */
    public Optional<RouteStory> of(JobView job) {
        return job.modelId() == null ? Optional.empty() : story(job, routes.of(job.id()));
    }

    /** The stories of a page of jobs, read in one query; jobs of a provider's own model have none. */
    public Map<Long, RouteStory> of(List<JobView> jobs) {
        List<JobView> routed = jobs.stream().filter(j -> j.modelId() != null).toList();
        Map<Long, List<JobRoutes.Taken>> taken = routes.of(routed.stream().map(j -> j.id()).toList());
        Map<Long, RouteStory> out = new HashMap<>();
        routed.forEach(j -> story(j, taken.getOrDefault(j.id(), List.of())).ifPresent(s -> out.put(j.id(), s)));
        return out;
    }

    private Optional<RouteStory> story(JobView job, List<JobRoutes.Taken> taken) {
        if (taken.isEmpty()) {
            return Optional.empty();
        }
        JobRoutes.Taken last = taken.get(taken.size() - 1);
        List<RouteStory.Left> left = new ArrayList<>();
        for (JobRoutes.Taken t : taken) {
            if (t.leftBecause() != null) {
                left.add(new RouteStory.Left(providers.label(t.provider()), t.leftBecause()));
            }
        }
        // a model an operator has since removed keeps the name its route's catalog gives it
        String modelLabel = models.find(job.modelId()).map(ModelRoutes.RoutedModel::label)
                .or(() -> models.catalog(last.route()).map(ModelCatalog.Model::label)).orElse(job.modelId());
        return Optional.of(new RouteStory(modelLabel, last.leftBecause() == null ? providers.label(last.provider()) : null,
                taken.get(0).reason(), left));
    }
}
