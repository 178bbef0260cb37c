package io.reelgate.storyboard;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.budget.Money;
import io.reelgate.videos.VideoChapters;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobView;
import io.reelgate.identity.CurrentUser;
import io.reelgate.videos.ModelMenu;
import io.reelgate.storage.ObjectStore;
import io.reelgate.team.ChangeRefused;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.team.TeamUrls;
import io.reelgate.web.Flash;
import io.reelgate.web.Forms;

/**
 * The storyboards of a team ({@code /t/{team}/storyboards}) and one board's page: its shots, the
 * cast of reference images, the estimate of the whole sequence, generate / stop / retry, and the stitched video with its
 * chapters. Every change is a post that redirects back with a message; a running board's page
 * refreshes its board section while it runs.
 */
@Path("/t/{team}/storyboards")
public class StoryboardResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Team team, List<Storyboard> boards, List<String> sizes);

        static native TemplateInstance board(Team team, BoardView view);
    }

    private final CurrentTeam team;
    private final CurrentUser user;
    private final Storyboards boards;
    private final BoardEdits edits;
    private final ModelMenu menus;
    private final VideoChapters chapters;
    private final BoardCast cast;
    private final Casting casting;
    private final ObjectStore store;
    private final JobQueries jobs;

    StoryboardResource(CurrentTeam team, CurrentUser user, Storyboards boards, BoardEdits edits, ModelMenu menus,
            VideoChapters chapters, BoardCast cast, Casting casting, ObjectStore store, JobQueries jobs) {
        this.jobs = jobs;
        this.cast = cast;
        this.casting = casting;
        this.store = store;
        this.edits = edits;
        this.team = team;
        this.user = user;
        this.boards = boards;
        this.menus = menus;
        this.chapters = chapters;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list() {
        return Templates.list(team.team(), boards.ofTeam(team.id()), sizes());
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response create(@FormParam("title") String title, @FormParam("size") String size) {
        try {
            Storyboard board = edits.create(team.id(), user.id(), title, size);
            return Flash.success("Storyboard created: add its shots.").redirectTo(url(board.id));
        } catch (ChangeRefused e) {
            return Flash.error(e.getMessage()).redirectTo(TeamUrls.url(team.team(), "storyboards"));
        }
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@PathParam("id") long id) {
        Storyboard board = boards.board(team.id(), id);
        List<StoryboardShot> shots = boards.shots(board.id);
        Map<Long, JobView> takes = StoryboardShot.currentTakes(shots, jobs);
        Optional<Storyboards.Estimates> estimate = boards.estimate(board, Storyboards.pending(shots, takes), user.id());
        List<VideoChapters.Row> marks = board.videoJobId == null ? List.of() : chapters.of(board.videoJobId);
        List<BoardCast.Member> members = cast.of(board.id);
        return Templates.board(team.team(), BoardView.of(board, members, shots, takes,
                casting.onBoard(board, shots, takes, members), menus.forTeam(team.id()),
                estimate.map(Storyboards.Estimates::onModels).orElse(null),
                estimate.map(Storyboards.Estimates::onDrafts).orElse(null), boards.takeHistory(board.id), marks));
    }

    @POST
    @Path("{id}/describe")
    @Produces(MediaType.TEXT_HTML)
    public Response describe(@PathParam("id") long id, @FormParam("title") String title, @FormParam("keep") String keep) {
        return change(id, () -> {
            edits.describe(team.id(), id, title, keep);
            return "Saved.";
        });
    }

    @POST
    @Path("{id}/shots")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    public Response addShot(@PathParam("id") long id, @RestForm String prompt, @RestForm String model,
            @RestForm String seconds, @RestForm String start, @RestForm("image") FileUpload image) {
        return change(id, () -> {
            StoryboardShot shot = edits.addShot(team.id(), id, form(prompt, model, seconds, start, image));
            return "Shot " + shot.position + " added.";
        });
    }

    @POST
    @Path("{id}/shots/{shot}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    public Response editShot(@PathParam("id") long id, @PathParam("shot") long shot, @RestForm String prompt,
            @RestForm String model, @RestForm String seconds, @RestForm String start,
            @RestForm("image") FileUpload image) {
        return change(id, () -> {
            edits.editShot(team.id(), id, shot, form(prompt, model, seconds, start, image));
            return "Shot saved.";
        });
    }

    @POST
    @Path("{id}/cast")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    public Response addToCast(@PathParam("id") long id, @RestForm String label, @RestForm String kind,
            @RestForm("image") FileUpload image) {
        return change(id, () -> "“" + cast.add(team.id(), id, label, kind, image).label() + "” joined the cast.");
    }

    @POST
    @Path("{id}/cast/{seq}/remove")
    @Produces(MediaType.TEXT_HTML)
    public Response removeFromCast(@PathParam("id") long id, @PathParam("seq") int seq) {
        return change(id, () -> "“" + cast.remove(team.id(), id, seq).label() + "” left the cast; takes made with it keep it.");
    }

    /** A cast image of the board, or one its takes were sent with (thumbnails on the board page). */
    @GET
    @Path("{id}/cast/{file}")
    public Response castImage(@PathParam("id") long id, @PathParam("file") String file) {
        String key = cast.image(team.id(), id, file).orElseThrow(NotFoundException::new);
        String type = store.stat(key).map(ObjectStore.ObjectInfo::contentType).orElseThrow(NotFoundException::new);
        StreamingOutput body = out -> {
            try (InputStream in = store.open(key, 0, null)) {
                in.transferTo(out);
            }
        };
        // a stored image never changes: a new upload is a new file
        return Response.ok(body, type).header("Cache-Control", "private, max-age=86400").header("X-Content-Type-Options",
                "nosniff").build();
    }

    @POST
    @Path("{id}/shots/{shot}/move")
    @Produces(MediaType.TEXT_HTML)
    public Response move(@PathParam("id") long id, @PathParam("shot") long shot, @FormParam("direction") String direction) {
        return change(id, () -> {
            edits.moveShot(team.id(), id, shot, "up".equals(direction) ? -1 : 1);
            return "Shot moved.";
        });
    }

    @POST
    @Path("{id}/shots/{shot}/remove")
    @Produces(MediaType.TEXT_HTML)
    public Response remove(@PathParam("id") long id, @PathParam("shot") long shot) {
        return change(id, () -> {
            edits.removeShot(team.id(), id, shot);
            return "Shot removed.";
        });
    }

    @POST
    @Path("{id}/generate")
    @Produces(MediaType.TEXT_HTML)
    public Response generate(@PathParam("id") long id, @FormParam("draft") String draft) {
        return started(id, () -> boards.generate(team.id(), user.id(), id, Forms.checked(draft)));
    }

    @POST
    @Path("{id}/final")
    @Produces(MediaType.TEXT_HTML)
    public Response makeFinal(@PathParam("id") long id, @FormParam("shot") String shot) {
        Long only = shot == null || shot.isBlank() ? null : parse(shot);
        return started(id, () -> boards.makeFinal(team.id(), user.id(), id, only));
    }

    @POST
    @Path("{id}/shots/{shot}/regenerate")
    @Produces(MediaType.TEXT_HTML)
    public Response regenerate(@PathParam("id") long id, @PathParam("shot") long shot, @FormParam("prompt") String prompt) {
        return started(id, () -> boards.regenerate(team.id(), user.id(), id, shot, prompt));
    }

    @POST
    @Path("{id}/stop")
    @Produces(MediaType.TEXT_HTML)
    public Response stop(@PathParam("id") long id) {
        return change(id, () -> {
            Money released = boards.stop(team.id(), id);
            return "Stopped. " + released.display() + " held for the shots not yet sent was released; finished shots stay.";
        });
    }

    private Response started(long id, java.util.function.Supplier<Storyboards.Started> start) {
        try {
            Storyboards.Started started = start.get();
            if (started.hold().refused()) {
                return Flash.error(started.hold().refusal().message()).redirectTo(url(id));
            }
            return Flash.success(started.shots() + (started.shots() == 1 ? " shot" : " shots") + " on the way: "
                    + started.hold().total().display() + " held for " + started.hold().seconds() + " s.").redirectTo(url(id));
        } catch (ChangeRefused e) {
            return Flash.error(e.getMessage()).redirectTo(url(id));
        }
    }

    private Response change(long id, java.util.function.Supplier<String> change) {
        try {
            return Flash.success(change.get()).redirectTo(url(id));
        } catch (ChangeRefused e) {
            return Flash.error(e.getMessage()).redirectTo(url(id));
        }
    }

    private static BoardEdits.ShotForm form(String prompt, String model, String seconds, String start, FileUpload image) {
        Long s = parse(seconds);
        if (s == null || s > 600) {
            throw new ChangeRefused("Choose how long the shot is.");
        }
        StoryboardShot.Start from = java.util.Arrays.stream(StoryboardShot.Start.values())
                .filter(v -> v.name().equalsIgnoreCase(start == null ? "CONTINUE" : start.strip())).findFirst()
                .orElseThrow(() -> new ChangeRefused("Choose what the shot starts from."));
        return new BoardEdits.ShotForm(prompt, model, s.intValue(), from, image);
    }

    private static Long parse(String number) {
        try {
            return number == null ? null : Long.valueOf(number.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private String url(long id) {
        return TeamUrls.url(team.team(), "storyboards", id);
    }

    /** Every size a model of the team's menu makes, for the new-board form. */
    private List<String> sizes() {
        TreeSet<String> sizes = new TreeSet<>((a, b) -> {
            int pa = pixels(a);
            int pb = pixels(b);
            return pa != pb ? Integer.compare(pa, pb) : a.compareTo(b);
        });
        menus.forTeam(team.id()).groups().forEach(g -> g.choices().forEach(c -> sizes.addAll(c.model().sizes())));
        return new ArrayList<>(sizes);
    }

    private static int pixels(String size) {
        String[] wh = size.split("x");
        return Integer.parseInt(wh[0]) * Integer.parseInt(wh[1]);
    }
}
