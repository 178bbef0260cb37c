package io.reelgate.generation;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.quarkus.narayana.jta.QuarkusTransaction;

import io.reelgate.generation.GenerationService.Request;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.Reference;
import io.reelgate.storage.ObjectStore;
import io.reelgate.storage.StorageException;
import io.reelgate.storage.TeamKeys;

/**
 * The images a job is made from — first frame, last frame, reference images — kept in the team's
 * storage under {@code inputs/} (swept by {@link InputSweep} once no job or feature refers to them):
 * stored before the job row is written, attached to it ({@code video_job} and {@code job_reference}),
 * and read back once when the job is sent.
 */
@ApplicationScoped
public class JobInputs {

    /** A job's images as the provider gets them. */
    public record Images(Optional<InputImage> first, Optional<InputImage> last, List<Reference> references) {
        public static final Images NONE = new Images(Optional.empty(), Optional.empty(), List.of());

        /** The create with these images. */
        public CreateVideo applyTo(CreateVideo create) {
            return create.withReferences(references).withLastFrame(last);
        }
    }

    /** Where a request's images were stored, until they are attached to its job (or deleted with its refusal). */
    record Stored(String firstKey, String lastKey, List<String> referenceKeys) {
        List<String> keys() {
            List<String> all = new ArrayList<>(referenceKeys);
            if (firstKey != null) {
                all.add(firstKey);
            }
            if (lastKey != null) {
                all.add(lastKey);
            }
            return all;
        }
    }

    private final ObjectStore store;
    private final EntityManager em;

    JobInputs(ObjectStore store, EntityManager em) {
        this.store = store;
        this.em = em;
    }

    /** Stores the request's images under the team's inputs. */
    Stored store(Request r) {
        List<String> refs = new ArrayList<>();
        Stored stored = new Stored(null, null, refs);
        try {
            String first = r.inputImage().map(i -> put(r.teamId(), i)).orElse(null);
            stored = new Stored(first, null, refs);
            String last = r.creative().lastFrame().map(i -> put(r.teamId(), i)).orElse(null);
            stored = new Stored(first, last, refs);
            for (Reference ref : r.creative().references()) {
                refs.add(put(r.teamId(), ref.image()));
            }
            return stored;
        } catch (RuntimeException e) {
            delete(stored);
            throw e;
        }
    }

    /** Deletes what {@link #store} stored (the request was refused). */
    void delete(Stored stored) {
        stored.keys().forEach(store::delete);
    }

    /** Sets the job's image columns, before it is persisted. */
    void attach(VideoJob job, Request r, Stored stored) {
        job.inputImageKey = stored.firstKey();
        job.inputImageType = r.inputImage().map(InputImage::contentType).orElse(null);
        job.lastFrameKey = stored.lastKey();
        job.lastFrameType = r.creative().lastFrame().map(InputImage::contentType).orElse(null);
    }

    /** Records the job's reference images, once it has its id (same transaction). */
    void attachReferences(long jobId, Request r, Stored stored) {
        List<Reference> refs = r.creative().references();
        for (int i = 0; i < refs.size(); i++) {
            em.createNativeQuery("insert into job_reference (job_id, seq, kind, object_key, content_type) "
                    + "values (?1, ?2, ?3, ?4, ?5)").setParameter(1, jobId).setParameter(2, i + 1)
                    .setParameter(3, refs.get(i).kind().name()).setParameter(4, stored.referenceKeys().get(i))
                    .setParameter(5, refs.get(i).image().contentType()).executeUpdate();
        }
    }

    /** The kinds of the job's reference images, in order (for its page: "2 references: asset, style"). */
    public List<Reference.Kind> referenceKinds(long jobId) {
        return referenceKinds(List.of(jobId)).getOrDefault(jobId, List.of());
    }

    /** The same for a page of jobs in one query: only jobs with references are keys. */
    @SuppressWarnings("unchecked")
    public Map<Long, List<Reference.Kind>> referenceKinds(List<Long> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery(
                "select job_id, kind from job_reference where job_id = any(?1) order by job_id, seq")
                .setParameter(1, jobIds.toArray(Long[]::new)).getResultList());
        Map<Long, List<Reference.Kind>> out = new LinkedHashMap<>();
        for (Object[] row : rows) {
            out.computeIfAbsent(((Number) row[0]).longValue(), id -> new ArrayList<>())
                    .add(Reference.Kind.valueOf((String) row[1]));
        }
        return out;
    }

    /** Reads the job's images back (once per send: the create, then any failover, use the same). */
    @SuppressWarnings("unchecked")
    public Images load(VideoJob job) {
        List<Object[]> rows = QuarkusTransaction.joiningExisting().call(() -> em.createNativeQuery(
                "select kind, object_key from job_reference where job_id = ?1 order by seq").setParameter(1, job.id)
                .getResultList());
        List<Reference> refs = new ArrayList<>();
        for (Object[] row : rows) {
            InputImage image = read((String) row[1], "reference").orElseThrow(
                    () -> new StorageException("Reference image " + row[1] + " of job " + job.id + " is unreadable", null));
            refs.add(new Reference(image, Reference.Kind.valueOf((String) row[0])));
        }
        return new Images(Optional.ofNullable(job.inputImageKey).flatMap(k -> read(k, "reference")),
                Optional.ofNullable(job.lastFrameKey).flatMap(k -> read(k, "last-frame")), refs);
    }

    /** The keys of {@code keys} that a job still refers to as its last frame or a reference image. */
    @SuppressWarnings("unchecked")
    List<String> inUse(List<String> keys) {
        return em.createNativeQuery("select last_frame_key from video_job where last_frame_key = any(?1) "
                + "union select object_key from job_reference where object_key = any(?1)")
                .setParameter(1, keys.toArray(String[]::new)).getResultList();
    }

    private String put(long teamId, InputImage image) {
        String key = TeamKeys.inputs(teamId) + UUID.randomUUID() + "." + image.format().extension();
        store.put(key, new ByteArrayInputStream(image.bytes()), image.contentType());
        return key;
    }

    private Optional<InputImage> read(String key, String name) {
        try (InputStream in = store.open(key, 0, null)) {
            return InputImage.of(name, in.readAllBytes());
        } catch (IOException e) {
            throw new StorageException("Reading input image " + key, e);
        }
    }
}
