package io.reelgate.storyboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.generation.JobView;
import io.reelgate.provider.Creative;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.InputImage;
import io.reelgate.provider.ModelCatalog;
import io.reelgate.provider.ProviderError;
import io.reelgate.provider.Providers;
import io.reelgate.provider.Reference;
import io.reelgate.provider.VideoProvider;

/**
 * Which of a board's cast a shot is sent with, by what its model takes ({@link VideoProvider#creative}):
 * as many images as it takes, of the kinds it takes. A model that cannot combine references with a first
 * frame (Veo) makes a continuing shot start from the cast instead of the previous shot's last frame; a
 * shot that starts from an uploaded image keeps its image; a model without references continues as
 * before. Each case is said on the shot. What the provider would still refuse (references on a 4 s Veo
 * shot) is found by the provider's own rules, before anything is held.
 */
@ApplicationScoped
class Casting {

    /**
     * How a shot uses the cast: the images it is sent with, whether it waits for the previous shot and
     * starts from its last frame, and what the shot should say about it (null: nothing to say).
     */
    record Use(List<BoardCast.Member> members, boolean continues, String note) {
    }

    private final Providers providers;
    private final BoardCast boardCast;

    Casting(Providers providers, BoardCast boardCast) {
        this.providers = providers;
        this.boardCast = boardCast;
    }

    /**
     * The cast each shot of the board uses, for its page: a shot with a take, what the take was sent with;
     * any other, what it will be sent with and what its provider would refuse.
     */
    Map<Long, BoardView.ShotCast> onBoard(Storyboard board, List<StoryboardShot> shots, Map<Long, JobView> takes,
            List<BoardCast.Member> cast) {
        Map<Long, List<BoardCast.Member>> sent = boardCast.ofTakes(takes.values().stream().map(t -> t.id()).toList());
        Map<Long, BoardView.ShotCast> casts = new HashMap<>();
        for (StoryboardShot s : shots) {
            JobView take = takes.get(s.id);
            if (take != null && s.holdReservationId == null) {
                List<BoardCast.Member> with = sent.getOrDefault(take.id(), List.of());
                String note = with.isEmpty() ? of(s, take.model(), cast).note() : null;
                casts.put(s.id, new BoardView.ShotCast(with, true, s.continues() && take.inputImageKey() != null, note, null));
            } else {
                String model = s.holdReservationId != null && s.takeModel != null ? s.takeModel : s.model;
                Use use = of(s, model, cast);
                String problem = s.holdReservationId == null ? refusal(board, s, model, use).orElse(null) : null;
                casts.put(s.id, new BoardView.ShotCast(use.members(), false, use.continues(), use.note(), problem));
            }
        }
        return casts;
    }

    /** How {@code shot}, made with {@code model} (its own, or its draft model), uses {@code cast}. */
    Use of(StoryboardShot shot, String model, List<BoardCast.Member> cast) {
        if (cast.isEmpty()) {
            return new Use(List.of(), shot.continues(), null);
        }
        Optional<VideoProvider> provider = providers.find(shot.provider);
        Creative.References takes = provider.map(p -> p.creative(model).references()).orElse(Creative.References.NONE);
        String label = label(provider, model);
        String start = shot.continues() ? "continues from shot " + (shot.position - 1) + "’s last frame"
                : shot.start == StoryboardShot.Start.IMAGE ? "starts from its image" : "starts fresh";
        if (!takes.supported()) {
            return new Use(List.of(), shot.continues(), label + " takes no reference images: this shot " + start
                    + ", without the cast.");
        }
        List<BoardCast.Member> members = cast.stream().filter(m -> takes.kinds().contains(m.kind())).limit(takes.max())
                .toList();
        if (members.isEmpty()) {
            return new Use(List.of(), shot.continues(), label + " takes " + kinds(takes) + " references only: this shot "
                    + start + ", without the cast.");
        }
        if (shot.start == StoryboardShot.Start.IMAGE && !takes.withFirstFrame()) {
            return new Use(List.of(), false, label + " cannot combine the cast with a first frame: this shot starts "
                    + "from its image, without the cast.");
        }
        List<String> notes = new ArrayList<>();
        boolean continues = shot.continues();
        if (continues && !takes.withFirstFrame()) {
            continues = false;
            notes.add("Starts from the cast instead of shot " + (shot.position - 1) + "’s last frame (" + label
                    + " cannot combine the two).");
        }
        List<String> left = cast.stream().filter(m -> !members.contains(m)).map(m -> "“" + m.label() + "”").toList();
        if (!left.isEmpty()) {
            notes.add("Leaves out " + String.join(", ", left) + ": " + label + " takes " + (members.size() < takes.max()
                    ? kinds(takes) + " references only." : "at most " + takes.max() + "."));
        }
        return new Use(members, continues, notes.isEmpty() ? null : String.join(" ", notes));
    }

    /**
     * What the provider would refuse of the shot sent with its cast (say, references on a 4 s Veo shot),
     * in a sentence; empty when it would take it. The provider's own rules decide; the images' bytes are
     * read only when the shot is sent, so the check sees their kinds and types.
     */
    Optional<String> refusal(Storyboard board, StoryboardShot shot, String model, Use use) {
        Optional<VideoProvider> provider = providers.find(shot.provider);
        if (use.members().isEmpty() || provider.isEmpty()) {
            return Optional.empty();
        }
        List<Reference> refs = use.members().stream().map(m -> new Reference(InputImage.standIn(m.contentType(),
                board.size), m.kind())).toList();
        Optional<InputImage> first = use.continues() || shot.start == StoryboardShot.Start.IMAGE
                ? Optional.of(InputImage.standIn("image/png", board.size)) : Optional.empty();
        CreateVideo create = new CreateVideo(model, board.promptFor(shot), board.size, shot.seconds, first, false, null)
                .withReferences(refs);
        return provider.get().refusal(create).map(ProviderError::message);
    }

    private static String label(Optional<VideoProvider> provider, String model) {
        return provider.flatMap(p -> p.catalog().model(model)).map(ModelCatalog.Model::label).orElse(model);
    }

    private static String kinds(Creative.References takes) {
        return ModelCatalog.or(takes.kinds().stream().sorted().map(k -> k == Reference.Kind.STYLE ? "style"
                : "character and product").toList());
    }
}
