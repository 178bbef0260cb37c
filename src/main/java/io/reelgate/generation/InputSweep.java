package io.reelgate.generation;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.reelgate.storage.ObjectStore;
import io.reelgate.storage.TeamKeys;

/**
 * Deletes input images (uploaded first and last frames and reference images, extracted last frames, under
 * {@code teams/{id}/inputs/}) that no job refers to once they are a day old: a composer opened and
 * left, or an upload whose request was refused after storing it.
 */
@ApplicationScoped
public class InputSweep {

    private static final Logger LOG = Logger.getLogger(InputSweep.class);
    static final Duration UNUSED_FOR = Duration.ofHours(24);

    private final ObjectStore store;
    private final EntityManager em;
    private final InstantSource clock;
    private final Instance<InputsInUse> others;
    private final JobInputs inputs;

    InputSweep(ObjectStore store, EntityManager em, InstantSource clock, @Any Instance<InputsInUse> others,
            JobInputs inputs) {
        this.inputs = inputs;
        this.store = store;
        this.em = em;
        this.clock = clock;
        this.others = others;
    }

    @Scheduled(every = "1h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        sweep();
    }

    /** Deletes what is unused and old enough; returns how many objects went. */
    public int sweep() {
        Instant cutoff = clock.instant().minus(UNUSED_FOR);
        int deleted = 0;
        for (long teamId : teams()) {
            String prefix = TeamKeys.inputs(teamId);
            List<String> keys = store.list(prefix);
            if (keys.isEmpty()) {
                continue;
            }
            List<String> used = used(keys);
            for (String key : keys) {
                if (used.contains(key)) {
                    continue;
                }
                var info = store.stat(key);
                if (info.isPresent() && info.get().lastModified().isBefore(cutoff)) {
                    store.delete(key);
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            LOG.infof("Deleted %d unused input images", deleted);
        }
        return deleted;
    }

    @Transactional
    List<Long> teams() {
        return em.createQuery("select t.id from Team t", Long.class).getResultList();
    }

    @Transactional
    @SuppressWarnings("unchecked")
    List<String> used(List<String> keys) {
        List<String> used = new ArrayList<>(em.createNativeQuery("select input_image_key from video_job where input_image_key = any(?1)")
                .setParameter(1, keys.toArray(String[]::new)).getResultList());
        used.addAll(inputs.inUse(keys));
        for (InputsInUse other : others) {
            used.addAll(other.inUse(keys));
        }
        return used;
    }
}
