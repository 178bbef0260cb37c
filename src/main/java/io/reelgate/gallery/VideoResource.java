package io.reelgate.gallery;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.videos.JobCard;
import io.reelgate.videos.MediaDelivery;
import io.reelgate.videos.VideoChapters;
import io.reelgate.videos.GalleryQueries;
import io.reelgate.team.TeamUrls;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.JobState;
import io.reelgate.generation.VideoAsset;
import io.reelgate.generation.JobView;
import io.reelgate.generation.VideoRemoval;
import io.reelgate.identity.CurrentUser;
import io.reelgate.provider.Variant;
import io.reelgate.team.CurrentTeam;
import io.reelgate.team.Team;
import io.reelgate.web.Flash;
import io.reelgate.web.FormValidator;
import io.reelgate.web.Forms;
import io.reelgate.web.Htmx;
import io.reelgate.web.PublicUrls;

/**
 * One stored video of the team ({@code /t/{team}/videos/{id}}): the player, what was asked and
 * what it cost, remix / continue / download / delete, the member's favourite star, share links;
 * and the media itself (video, poster, spritesheet, download) through {@link MediaDelivery}.
 */
@Path("/t/{team}/videos")
public class VideoResource {

    /** Expiry choices offered for new links; the default is the configured one (30 days). */
    static final Map<String, Duration> EXPIRIES = expiries();

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance video(Team team, JobCard card, JobView job, List<Timing> timings, boolean favourite,
                Shares shares, String remixOf, Media media, List<VideoChapters.Row> chapters, ExtendPanel extend);

        static native TemplateInstance video$extendEstimate(Team team, JobView job, ExtendPanel extend);

        static native TemplateInstance video$shares(Team team, JobView job, Shares shares);

        static native TemplateInstance video$star(Team team, long id, boolean favourite);
    }

    /** A step of the job and how long it took. */
    public record Timing(String label, String value) {
    }

    /**
     * What is stored and what the provider can still do with it: the video's facts read from the
     * file, whether the poster and preview were made by Reelgate, whether the provider takes a
     * first frame (continue from the last frame) and deletes its copy; {@code stitched}: joined by
     * Reelgate from a storyboard's shots (no provider copy of its own).
     */
    public record Media(VideoAsset video, boolean posterDerived, boolean spriteDerived, boolean imageInput,
            boolean providerDeletes, String providerLabel, boolean stitched) {

        public String length() {
            return video == null || video.durationMs == null ? null
                    : String.format(java.util.Locale.ENGLISH, "%.1f s", video.durationMs / 1000.0);
        }

        public String picture() {
            return video == null || video.width == null ? null : video.width + "×" + video.height
                    + (video.codec == null ? "" : " · " + video.codec.toUpperCase(java.util.Locale.ROOT));
        }

        public String sound() {
            return video == null || video.hasAudio == null ? null : video.hasAudio ? "Yes" : "No";
        }
    }

    /** The share panel: the form as typed, its errors, the link just made (shown once), the list. */
    public record Shares(ShareForm form, Map<String, String> errors, String newUrl, List<ShareLinks.Link> links,
            String notice) {

        public String error(String field) {
            return errors.get(field);
        }

        public boolean anyLive() {
            return links.stream().anyMatch(ShareLinks.Link::live);
        }
    }

    /** The share form's fields as typed. */
    public record ShareForm(String expires,
            @Size(max = 200, message = "Use at most {max} characters.")
            @Pattern(regexp = "\\P{Cc}*",
                    message = "Use letters, digits, spaces and punctuation only (no control characters).")
            String password,
            @Pattern(regexp = "|[1-9][0-9]{0,5}|1000000",
                    message = "Enter a whole number of views from 1 to 1,000,000, or leave it empty for no limit.")
            String maxViews,
            boolean allowDownload, boolean showPrompt) {
        static ShareForm defaults() {
            return new ShareForm("30d", "", "", false, true);
        }

        public List<Map.Entry<String, String>> expiryChoices() {
            List<Map.Entry<String, String>> choices = new ArrayList<>();
            for (String key : EXPIRIES.keySet()) {
                choices.add(Map.entry(key, label(key)));
            }
            choices.add(Map.entry("never", "Never"));
            return choices;
        }

        private static String label(String key) {
            return switch (key) {
                case "1d" -> "1 day";
                case "7d" -> "7 days";
                case "30d" -> "30 days";
                case "90d" -> "90 days";
                default -> key;
            };
        }
    }

    private final CurrentTeam team;
    private final CurrentUser user;
    private final JobQueries jobs;
    private final VideoPage page;
    private final ShareLinks shares;
    private final VideoRemoval removal;
    private final MediaDelivery delivery;
    private final PublicUrls urls;
    private final FormValidator validator;
    private final VideoChapters chapters;
    private final GalleryQueries gallery;

    VideoResource(CurrentTeam team, CurrentUser user, JobQueries jobs, VideoPage page, GalleryQueries gallery,
            ShareLinks shares, VideoRemoval removal, MediaDelivery delivery, PublicUrls urls, FormValidator validator,
            VideoChapters chapters) {
        this.chapters = chapters;
        this.validator = validator;
        this.team = team;
        this.user = user;
        this.jobs = jobs;
        this.page = page;
        this.gallery = gallery;
        this.shares = shares;
        this.removal = removal;
        this.delivery = delivery;
        this.urls = urls;
    }

    // ------------------------------------------------------------------ page

    @GET
    @Path("{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("id") long id) {
        JobView job = jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        if (job.state() != JobState.COMPLETED) {
            // not a video (yet, or ever): the job page explains it
            return Response.seeOther(URI.create(TeamUrls.of(team.slug(), "jobs", id))).build();
        }
        return Response.ok(render(job, new Shares(ShareForm.defaults(), Map.of(), null, shares.forVideo(team.id(), id), null)))
                .build();
    }

    private TemplateInstance render(JobView job, Shares panel) {
        return page.render(team.team(), user.id(), job, panel);
    }

    @POST
    @Path("{id}/favourite")
    @Produces(MediaType.TEXT_HTML)
    public Response favourite(@PathParam("id") long id, @RestForm String favourite, HttpHeaders headers) {
        jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        boolean now = gallery.setFavourite(team.id(), user.id(), id, "true".equals(favourite));
        if (Htmx.isFragmentRequest(headers)) {
            return Response.ok(Templates.video$star(team.team(), id, now)).build();
        }
        String back = headers.getHeaderString("Referer");
        String location = back != null && back.contains(TeamUrls.of(team.slug(), "gallery")) ? TeamUrls.of(team.slug(), "gallery")
                : TeamUrls.of(team.slug(), "videos", id);
        return (now ? Flash.success("Added to your favourites.") : Flash.success("Removed from your favourites."))
                .redirectTo(location);
    }

    @POST
    @Path("{id}/delete")
    @Produces(MediaType.TEXT_HTML)
    public Response delete(@PathParam("id") long id, @RestForm String confirm) {
        JobView job = jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        if (!"delete".equals(confirm)) {
            throw new WebApplicationException("Nothing was deleted: confirm by pressing \"Delete for good\" on the "
                    + "video's page.", 422);
        }
        try {
            shares.revokeAll(team.id(), id);
            removal.delete(team.id(), job.id());
        } catch (IllegalStateException e) {
            return Flash.error(e.getMessage()).redirectTo(TeamUrls.of(team.slug(), "jobs", id));
        }
        return Flash.success("Video deleted. Its share links no longer work; its cost stays in the ledger.")
                .redirectTo(TeamUrls.of(team.slug(), "gallery"));
    }

    // ------------------------------------------------------------------ share links

    @POST
    @Path("{id}/shares")
    @Produces(MediaType.TEXT_HTML)
    public Response share(@PathParam("id") long id, @RestForm String expires, @RestForm String password,
            @RestForm String maxViews, @RestForm String allowDownload, @RestForm String showPrompt, HttpHeaders headers,
            @Context UriInfo uri) {
        JobView job = completed(id);
        ShareForm form = new ShareForm(expires == null ? "30d" : expires, password == null ? "" : password,
                maxViews == null ? "" : maxViews.trim(), Forms.checked(allowDownload), Forms.checked(showPrompt));
        Map<String, String> errors = validator.errors(form);
        Duration expiry = "never".equals(form.expires()) ? null : EXPIRIES.get(form.expires());
        if (expiry == null && !"never".equals(form.expires())) {
            errors.put("expires", "Choose when the link expires.");
        }
        Integer limit = form.maxViews().isEmpty() || errors.containsKey("maxViews") ? null
                : Integer.valueOf(form.maxViews());
        Shares panel;
        int status = 200;
        if (errors.isEmpty()) {
            ShareLinks.Created created = shares.create(team.id(), job.id(), user.id(), new ShareLinks.Options(expiry,
                    form.password(), limit, form.allowDownload(), form.showPrompt()));
            panel = new Shares(ShareForm.defaults(), Map.of(), urls.base(uri) + "/s/" + created.token(),
                    shares.forVideo(team.id(), id), null);
        } else {
            panel = new Shares(form, errors, null, shares.forVideo(team.id(), id), null);
            status = 400;
        }
        TemplateInstance body = Htmx.isFragmentRequest(headers) ? Templates.video$shares(team.team(), job, panel)
                : render(job, panel);
        return Response.status(status).entity(body).build();
    }

    @POST
    @Path("{id}/shares/{link}/revoke")
    @Produces(MediaType.TEXT_HTML)
    public Response revoke(@PathParam("id") long id, @PathParam("link") long link, HttpHeaders headers) {
        JobView job = jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        if (shares.forVideo(team.id(), id).stream().noneMatch(l -> l.id() == link)) {
            throw new NotFoundException();
        }
        boolean revoked = shares.revoke(team.id(), id, link);
        return sharesAnswer(job, headers, revoked ? "Link turned off. Anyone opening it now sees that it was revoked."
                : "That link was already off.");
    }

    @POST
    @Path("{id}/shares/revoke-all")
    @Produces(MediaType.TEXT_HTML)
    public Response revokeAll(@PathParam("id") long id, HttpHeaders headers) {
        JobView job = jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        int count = shares.revokeAll(team.id(), id);
        return sharesAnswer(job, headers, count == 0 ? "No links were active." : count == 1 ? "1 link turned off."
                : count + " links turned off.");
    }

    private Response sharesAnswer(JobView job, HttpHeaders headers, String notice) {
        if (Htmx.isFragmentRequest(headers)) {
            Shares panel = new Shares(ShareForm.defaults(), Map.of(), null, shares.forVideo(team.id(), job.id()), notice);
            return Response.ok(Templates.video$shares(team.team(), job, panel)).build();
        }
        return Flash.success(notice).redirectTo(TeamUrls.of(team.slug(), "videos", job.id()) + "#sharing");
    }

    // ------------------------------------------------------------------ media

    @GET
    @Path("{id}/video")
    public Response video(@PathParam("id") long id, HttpHeaders headers) {
        return delivery.deliver(asset(id, Variant.VIDEO), headers, null);
    }

    @GET
    @Path("{id}/poster")
    public Response poster(@PathParam("id") long id, HttpHeaders headers) {
        return delivery.deliver(asset(id, Variant.THUMBNAIL), headers, null);
    }

    @GET
    @Path("{id}/spritesheet")
    public Response spritesheet(@PathParam("id") long id, HttpHeaders headers) {
        return delivery.deliver(asset(id, Variant.SPRITESHEET), headers, null);
    }

    /** A stitched video's chapters as WebVTT (empty for other videos). */
    @GET
    @Path("{id}/chapters.vtt")
    @Produces("text/vtt")
    public String chaptersTrack(@PathParam("id") long id) {
        JobView job = jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        return VideoChapters.vtt(chapters.of(job));
    }

    @GET
    @Path("{id}/download")
    public Response download(@PathParam("id") long id, HttpHeaders headers) {
        VideoAsset asset = asset(id, Variant.VIDEO);
        return delivery.deliver(asset, headers, "reelgate-" + team.slug() + "-" + id + ".mp4");
    }

    private VideoAsset asset(long id, Variant variant) {
        return jobs.asset(team.id(), id, variant).orElseThrow(NotFoundException::new);
    }

    private JobView completed(long id) {
        JobView job = jobs.ofTeam(team.id(), id).orElseThrow(NotFoundException::new);
        if (job.state() != JobState.COMPLETED) {
            throw new NotFoundException();
        }
        return job;
    }

    private static Map<String, Duration> expiries() {
        Map<String, Duration> map = new LinkedHashMap<>();
        map.put("1d", Duration.ofDays(1));
        map.put("7d", Duration.ofDays(7));
        map.put("30d", Duration.ofDays(30));
        map.put("90d", Duration.ofDays(90));
        return map;
    }
}
