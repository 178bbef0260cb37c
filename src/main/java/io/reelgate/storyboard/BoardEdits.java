package io.reelgate.storyboard;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.reelgate.generation.JobQueries;
import io.reelgate.generation.GenerationConfig;
import io.reelgate.generation.PromptText;
import io.reelgate.generation.JobView;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.storage.ObjectStore;
import io.reelgate.storage.TeamKeys;
import io.reelgate.videos.ModelMenu;
import io.reelgate.videos.UploadedImages;
import io.reelgate.team.ChangeRefused;

/**
 * Changing a board: create, title and "keep in every shot", and its shots — added, edited, moved and
 * removed only while they have no take and no hold, and always at the board's one size. A shot's
 * first frame is the previous shot's last frame, none, or an uploaded image (checked as the studio
 * checks one, {@link UploadedImages}, and stored with the team's inputs; the input sweep keeps the
 * images shots refer to). Each change is one transaction that locks the board row.
 */
@ApplicationScoped
public class BoardEdits {

    /** What a shot form says; {@code image}: a newly uploaded first frame (null: none, or keep the shot's). */
    public record ShotForm(String prompt, String model, int seconds, StoryboardShot.Start start, FileUpload image) {

        /** A shot that continues from the previous one, or starts fresh. */
        public ShotForm(String prompt, String model, int seconds, boolean continues) {
            this(prompt, model, seconds, continues ? StoryboardShot.Start.CONTINUE : StoryboardShot.Start.FRESH, null);
        }
    }

    private final EntityManager em;
    private final ModelMenu menus;
    private final GenerationConfig generation;
    private final UploadedImages images;
    private final ObjectStore store;
    private final JobQueries jobs;

    BoardEdits(EntityManager em, ModelMenu menus, GenerationConfig generation, UploadedImages images, ObjectStore store,
            JobQueries jobs) {
        this.jobs = jobs;
        this.em = em;
        this.menus = menus;
        this.generation = generation;
        this.images = images;
        this.store = store;
    }

    @Transactional
    public Storyboard create(long teamId, long userId, String title, String size) {
        String name = checkedTitle(title);
        if (size == null || !size.matches("[1-9][0-9]{1,4}x[1-9][0-9]{1,4}")) {
            throw new ChangeRefused("Choose the size every shot is made at.");
        }
        Storyboard board = new Storyboard();
        board.teamId = teamId;
        board.createdBy = userId;
        board.title = name;
        board.keepText = "";
        board.size = size;
        board.state = Storyboard.State.EDITING;
        board.createdAt = Instant.now();
        board.updatedAt = board.createdAt;
        board.persist();
        return board;
    }

    /** Title and "keep in every shot"; the text applies to takes generated from now on. */
    @Transactional
    public void describe(long teamId, long boardId, String title, String keep) {
        Storyboard board = Storyboard.locked(teamId, boardId);
        String name = checkedTitle(title);
        String kept = keep == null ? "" : keep.strip();
        if (kept.length() > 1000) {
            throw new ChangeRefused("What every shot keeps is " + kept.length()
                    + " characters long; the limit is 1,000 (it is added to every prompt).");
        }
        PromptText.problem(kept, "text").ifPresent(p -> {
            throw new ChangeRefused(p);
        });
        board.title = name;
        board.keepText = kept;
        board.updatedAt = Instant.now();
    }

    @Transactional
    public StoryboardShot addShot(long teamId, long boardId, ShotForm form) {
        Storyboard board = editable(teamId, boardId);
        StoryboardShot shot = new StoryboardShot();
        shot.storyboardId = board.id;
        shot.position = shots(board.id).size() + 1;
        apply(board, shot, form);
        shot.persist();
        board.updatedAt = Instant.now();
        return shot;
    }

    @Transactional
    public void editShot(long teamId, long boardId, long shotId, ShotForm form) {
        Storyboard board = editable(teamId, boardId);
        StoryboardShot shot = changeable(board, shotId);
        apply(board, shot, form);
        board.updatedAt = Instant.now();
    }

    /** Moves a shot one place up ({@code -1}) or down ({@code 1}); both shots must be without a take. */
    @Transactional
    public void moveShot(long teamId, long boardId, long shotId, int delta) {
        Storyboard board = editable(teamId, boardId);
        StoryboardShot shot = changeable(board, shotId);
        int target = shot.position + Integer.signum(delta);
        StoryboardShot other = shots(board.id).stream().filter(s -> s.position == target).findFirst()
                .orElseThrow(() -> new ChangeRefused("The shot is already " + (delta < 0 ? "first." : "last.")));
        changeable(board, other.id);
        other.position = shot.position;
        shot.position = target;
        board.updatedAt = Instant.now();
    }

    @Transactional
    public void removeShot(long teamId, long boardId, long shotId) {
        Storyboard board = editable(teamId, boardId);
        StoryboardShot shot = changeable(board, shotId);
        int removed = shot.position;
        shot.delete();
        em.flush();
        for (StoryboardShot s : shots(board.id)) {
            if (s.position > removed) {
                s.position--;
            }
        }
        board.updatedAt = Instant.now();
    }

    private static List<StoryboardShot> shots(long boardId) {
        return StoryboardShot.find("storyboardId = ?1 order by position", boardId).list();
    }

    private void apply(Storyboard board, StoryboardShot shot, ShotForm form) {
        shot.prompt = checkedPrompt(form.prompt(), generation.maxPromptLength());
        ModelMenu.Menu menu = menus.forTeam(board.teamId);
        ModelMenu.Choice choice = menu.find(form.model())
                .orElseThrow(() -> new ChangeRefused("Choose one of the models your team may use."));
        ModelCatalog.Model m = choice.model();
        m.check(board.size, form.seconds()).ifPresent(problem -> {
            throw new ChangeRefused("size".equals(problem.param()) ? m.label() + " cannot make " + board.size
                    + " videos, the size of every shot of this storyboard; it makes " + String.join(", ", m.sizes()) + "."
                    : m.label() + " makes shots of " + String.join(", ", m.seconds().stream().map(s -> s + " s").toList())
                            + ".");
        });
        StoryboardShot.Start start = form.start() == null ? StoryboardShot.Start.CONTINUE : form.start();
        if (start == StoryboardShot.Start.CONTINUE && shot.position > 1 && !choice.capabilities().imageInput().supported()) {
            throw new ChangeRefused(choice.providerLabel() + " takes no first-frame image, so this shot cannot "
                    + "continue from the previous one; let it start fresh or choose another model.");
        }
        if (start == StoryboardShot.Start.IMAGE) {
            Map<String, String> problems = new LinkedHashMap<>();
            Optional<InputImage> image = images.upload(form.image(), board.size, choice.capabilities(), problems);
            if (!problems.isEmpty()) {
                throw new ChangeRefused(problems.values().iterator().next());
            }
            if (image.isPresent()) {
                String key = TeamKeys.inputs(board.teamId) + "storyboard-" + UUID.randomUUID() + "."
                        + image.get().format().extension();
                store.put(key, new ByteArrayInputStream(image.get().bytes()), image.get().contentType());
                shot.imageKey = key;
                shot.imageType = image.get().contentType();
            } else if (shot.imageKey == null) {
                throw new ChangeRefused("Choose the image this shot starts from.");
            }
        } else {
            shot.imageKey = null; // the stored image is swept with the team's other unused inputs
            shot.imageType = null;
        }
        // a model with routes: the shot keeps the route it would take now, so its hold stays exact
        shot.provider = choice.provider();
        shot.model = choice.routed() ? choice.routes().now().model() : m.name();
        shot.seconds = form.seconds();
        shot.start = start;
    }

    private static String checkedTitle(String title) {
        String name = title == null ? "" : title.strip();
        if (name.isEmpty() || name.length() > 120) {
            throw new ChangeRefused("Give the storyboard a title of 1 to 120 characters.");
        }
        PromptText.problem(name, "title").ifPresent(p -> {
            throw new ChangeRefused(p);
        });
        return name;
    }

    /** A shot's prompt, stripped, or why it cannot be one. */
    static String checkedPrompt(String prompt, int maxLength) {
        String p = prompt == null ? "" : prompt.strip();
        PromptText.check(p, maxLength, "Describe what happens in this shot.").ifPresent(problem -> {
            throw new ChangeRefused(problem);
        });
        return p;
    }

    static Storyboard editable(long teamId, long boardId) {
        Storyboard board = Storyboard.locked(teamId, boardId);
        if (board.state == Storyboard.State.RUNNING || board.state == Storyboard.State.STITCHING) {
            throw new ChangeRefused("Shots cannot change while the storyboard is " + board.state.label().toLowerCase() + ".");
        }
        return board;
    }

    /** A shot without a take (or whose take failed) and without a hold. */
    private StoryboardShot changeable(Storyboard board, long shotId) {
        StoryboardShot shot = StoryboardShot.of(board, shotId);
        JobView take = shot.jobId == null ? null : jobs.find(shot.jobId).orElse(null);
        if (!shot.changeable(take)) {
            throw new ChangeRefused("Shot " + shot.position + " is generated; re-generate it to change it.");
        }
        return shot;
    }
}
