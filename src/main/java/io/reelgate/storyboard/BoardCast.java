package io.reelgate.storyboard;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.reelgate.generation.InputsInUse;
import io.reelgate.generation.PromptText;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.Reference;
import io.reelgate.storage.ObjectStore;
import io.reelgate.storage.TeamKeys;
import io.reelgate.videos.UploadedImages;
import io.reelgate.team.ChangeRefused;
import io.reelgate.web.SqlRow;

/**
 * A board's cast (issue 30): up to three reference images — characters, a product, a style — that every
 * shot whose model takes references is sent with ({@link Casting} decides which). Uploads are checked as
 * first frames are (an image by its bytes, within the studio's size limit, not cut off or turned) and
 * stored with the team's inputs; the cast changes only while the board is editable. Each take records the
 * cast it was sent with ({@code storyboard_take_cast}), and the input sweep keeps every image the cast or a
 * take names.
 */
@ApplicationScoped
public class BoardCast implements InputsInUse {

    /** How many reference images a board holds: the most any provider takes in one request. */
    public static final int MAX = 3;
    static final int MAX_LABEL = 60;

    /** One image of a board's cast, or of the cast a take was sent with. */
    public record Member(int seq, Reference.Kind kind, String label, String objectKey, String contentType) {

        /** The stored file's name (its key under the team's inputs). */
        public String file() {
            return objectKey.substring(objectKey.lastIndexOf('/') + 1);
        }

        /** What the kind is for, in words. */
        public String kindText() {
            return kind == Reference.Kind.STYLE ? "Style" : "Character or product";
        }
    }

    private final EntityManager em;
    private final ObjectStore store;
    private final UploadedImages images;

    BoardCast(EntityManager em, ObjectStore store, UploadedImages images) {
        this.em = em;
        this.store = store;
        this.images = images;
    }

    /** The board's cast, in order. */
    public List<Member> of(long boardId) {
        return SqlRow.list(em.createNativeQuery("""
                select seq, kind, label, object_key, content_type from storyboard_cast where storyboard_id = ?1 order by seq
                """, Tuple.class).setParameter(1, boardId)).stream().map(BoardCast::member).toList();
    }

    /** Adds an image to the cast of an editable board; refused with a sentence when it cannot be one. */
    @Transactional
    public Member add(long teamId, long boardId, String label, String kind, FileUpload upload) {
        Storyboard board = BoardEdits.editable(teamId, boardId);
        List<Member> cast = of(board.id);
        if (cast.size() >= MAX) {
            throw new ChangeRefused("The cast holds " + MAX + " images, the most a model takes; remove one first.");
        }
        String name = label == null ? "" : label.strip();
        if (name.isEmpty() || name.length() > MAX_LABEL) {
            throw new ChangeRefused("Name the reference in 1 to " + MAX_LABEL + " characters, e.g. “Mara, the keeper”.");
        }
        PromptText.problem(name, "name").ifPresent(p -> {
            throw new ChangeRefused(p);
        });
        Reference.Kind as = java.util.Arrays.stream(Reference.Kind.values())
                .filter(k -> k.name().equalsIgnoreCase(kind == null ? "" : kind.strip())).findFirst()
                .orElseThrow(() -> new ChangeRefused("Say whether the image is a character or product, or a style."));
        InputImage image = checked(upload);
        String key = TeamKeys.inputs(board.teamId) + "cast-" + UUID.randomUUID() + "." + image.format().extension();
        store.put(key, new ByteArrayInputStream(image.bytes()), image.contentType());
        int seq = cast.stream().mapToInt(Member::seq).max().orElse(0) + 1;
        if (seq > MAX) { // a gap left by a removal: keep the order, renumber
            renumber(board.id, cast);
            seq = cast.size() + 1;
        }
        em.createNativeQuery("""
                insert into storyboard_cast (storyboard_id, seq, kind, label, object_key, content_type)
                values (?1, ?2, ?3, ?4, ?5, ?6)
                """).setParameter(1, board.id).setParameter(2, seq).setParameter(3, as.name()).setParameter(4, name)
                .setParameter(5, key).setParameter(6, image.contentType()).executeUpdate();
        board.updatedAt = java.time.Instant.now();
        return new Member(seq, as, name, key, image.contentType());
    }

    /** Takes an image out of the cast of an editable board (takes already made keep theirs). */
    @Transactional
    public Member remove(long teamId, long boardId, int seq) {
        Storyboard board = BoardEdits.editable(teamId, boardId);
        Member gone = of(board.id).stream().filter(m -> m.seq() == seq).findFirst()
                .orElseThrow(() -> new ChangeRefused("That image is no longer in the cast."));
        em.createNativeQuery("delete from storyboard_cast where storyboard_id = ?1 and seq = ?2").setParameter(1, board.id)
                .setParameter(2, seq).executeUpdate();
        board.updatedAt = java.time.Instant.now();
        return gone; // its image is swept with the team's other unused inputs
    }

    /** What each of these takes was sent with, by job id (a take without references has no entry). */
    public Map<Long, List<Member>> ofTakes(Collection<Long> jobIds) {
        Map<Long, List<Member>> used = new LinkedHashMap<>();
        if (jobIds.isEmpty()) {
            return used;
        }
        for (SqlRow r : SqlRow.list(em.createNativeQuery("""
                select job_id, seq, kind, label, object_key, '' as content_type
                from storyboard_take_cast where job_id = any(?1) order by job_id, seq
                """, Tuple.class).setParameter(1, jobIds.toArray(Long[]::new)))) {
            used.computeIfAbsent(r.longValue("job_id"), k -> new ArrayList<>()).add(member(r));
        }
        return used;
    }

    /** Records, in the caller's transaction, the cast a take was sent with. */
    void recordTake(long jobId, List<Member> used) {
        for (int i = 0; i < used.size(); i++) {
            Member m = used.get(i);
            em.createNativeQuery("""
                    insert into storyboard_take_cast (job_id, seq, kind, label, object_key) values (?1, ?2, ?3, ?4, ?5)
                    """).setParameter(1, jobId).setParameter(2, i + 1).setParameter(3, m.kind().name())
                    .setParameter(4, m.label()).setParameter(5, m.objectKey()).executeUpdate();
        }
    }

    /** The stored key of a cast image the board or one of its takes names, by its file name; empty otherwise. */
    @Transactional
    public Optional<String> image(long teamId, long boardId, String file) {
        String key = TeamKeys.inputs(teamId) + file;
        List<?> found = em.createNativeQuery("""
                select c.object_key from storyboard_cast c join storyboard b on b.id = c.storyboard_id
                where b.id = ?1 and b.team_id = ?2 and c.object_key = ?3
                union
                select t.object_key from storyboard_take_cast t join storyboard_take k on k.job_id = t.job_id
                join storyboard b on b.id = k.storyboard_id
                where b.id = ?1 and b.team_id = ?2 and t.object_key = ?3
                """).setParameter(1, boardId).setParameter(2, teamId).setParameter(3, key).getResultList();
        return found.isEmpty() ? Optional.empty() : Optional.of(key);
    }

    /** The members' images, read from storage, as the provider gets them. */
    List<Reference> references(List<Member> members) {
        List<Reference> refs = new ArrayList<>();
        for (Member m : members) {
            try (InputStream in = store.open(m.objectKey(), 0, null)) {
                InputImage image = InputImage.of(m.file(), in.readAllBytes())
                        .orElseThrow(() -> new IllegalStateException("the stored image of “" + m.label() + "” is not an image"));
                refs.add(new Reference(image, m.kind()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return refs;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Collection<String> inUse(List<String> keys) {
        return em.createNativeQuery("""
                select object_key from storyboard_cast where object_key = any(?1)
                union select object_key from storyboard_take_cast where object_key = any(?1)
                """).setParameter(1, keys.toArray(String[]::new)).getResultList();
    }

    private InputImage checked(FileUpload upload) {
        if (!UploadedImages.chosen(upload)) {
            throw new ChangeRefused("Choose the image to add to the cast.");
        }
        Map<String, String> problems = new HashMap<>();
        InputImage image = images.file(upload, "image", "The image", problems)
                .orElseThrow(() -> new ChangeRefused(problems.values().iterator().next()));
        image.defect().ifPresent(d -> {
            throw new ChangeRefused(d);
        });
        return image;
    }

    private void renumber(long boardId, List<Member> cast) {
        // in order, each into the lowest place: that place is free, the ones before it are taken by those before
        for (int i = 0; i < cast.size(); i++) {
            if (cast.get(i).seq() != i + 1) {
                em.createNativeQuery("update storyboard_cast set seq = ?3 where storyboard_id = ?1 and seq = ?2")
                        .setParameter(1, boardId).setParameter(2, cast.get(i).seq()).setParameter(3, i + 1).executeUpdate();
            }
        }
    }

    private static Member member(SqlRow r) {
        return new Member(r.intValue("seq"), Reference.Kind.valueOf(r.string("kind")), r.string("label"),
                r.string("object_key"), r.string("content_type"));
    }
}
