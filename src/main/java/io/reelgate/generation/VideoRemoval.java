package io.reelgate.generation;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.reelgate.provider.Providers;
import io.reelgate.storage.ObjectStore;
import io.reelgate.storage.TeamKeys;

/** Deletes a team's stored video when a member (or the Videos API) asks. */
@ApplicationScoped
public class VideoRemoval {

    private static final Logger LOG = Logger.getLogger(VideoRemoval.class);

    private final JobStore jobs;
    private final ObjectStore store;
    private final Providers providers;

    VideoRemoval(JobStore jobs, ObjectStore store, Providers providers) {
        this.jobs = jobs;
        this.store = store;
        this.providers = providers;
    }

    /**
     * Deletes a finished job's stored video (all variants) and, best effort, its copy at the
     * provider. The job stays, marked deleted, so the ledger keeps its history.
     */
    public void delete(long teamId, long jobId) {
        VideoJob job = jobs.find(jobId).filter(j -> j.teamId == teamId && j.deletedAt == null)
                .orElseThrow(() -> new IllegalArgumentException("No video " + jobId));
        if (!job.state.terminal()) {
            throw new IllegalStateException("The video is still being made; cancel it instead.");
        }
        String prefix = TeamKeys.videoFiles(job.teamId, job.id);
        store.deletePrefix(prefix);
        // a stitched video's files live under its storyboard's cut
        VideoAsset.ofJob(job.id).stream().filter(a -> !a.objectKey.startsWith(prefix)).forEach(a -> store.delete(a.objectKey));
        if (job.providerVideoId != null) {
            providers.find(job.provider).filter(p -> p.capabilities().delete())
                    .ifPresent(p -> p.delete(job.providerVideoId).failure()
                            .ifPresent(e -> LOG.infof("Provider copy of job %d not deleted: %s", jobId, e.message())));
        }
        jobs.markDeleted(jobId);
    }
}
