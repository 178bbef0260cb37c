package io.reelgate.gallery;

import java.net.URI;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestForm;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.videos.MediaDelivery;
import io.reelgate.videos.GalleryConfig;
import io.reelgate.generation.JobQueries;
import io.reelgate.generation.VideoAsset;
import io.reelgate.generation.JobView;
import io.reelgate.provider.Variant;
import io.reelgate.team.Team;
import io.reelgate.team.TeamDirectory;
import io.reelgate.web.Formats;
import io.reelgate.web.PublicUrls;

/**
 * The public side of share links ({@code /s/{token}}), no sign-in: the page with the player and
 * OpenGraph tags, a password form when the link has one, and the video, poster and download of
 * exactly the one video the token grants. Views are counted when a person opens the page
 * (link-preview bots are not); the page hands the player a signed ticket, so a view that was
 * counted can play the video even when it used up the link's last view.
 */
@Path("/s/{token}")
public class ShareResource {

    static final String UNLOCK_COOKIE = "rg_share_unlock";

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance share(Watch watch);

        static native TemplateInstance password(String token, String error, String title);

        static native TemplateInstance gone(String title, String reason);
    }

    /** Everything the public page shows, with absolute URLs for the tags. */
    public record Watch(String title, String description, String prompt, String teamName, String pageUrl,
            String videoUrl, String absoluteVideoUrl, String posterUrl, String absolutePosterUrl, String posterType,
            PosterSizes.Size posterSize, int width, int height, int seconds, String downloadUrl, boolean secure) {
    }

    private final ShareLinks shares;
    private final ShareSecrets secrets;
    private final JobQueries jobs;
    private final TeamDirectory teams;
    private final MediaDelivery delivery;
    private final PosterSizes posterSizes;
    private final PublicUrls urls;
    private final GalleryConfig config;
    private final InstantSource clock;

    ShareResource(ShareLinks shares, ShareSecrets secrets, JobQueries jobs, TeamDirectory teams, MediaDelivery delivery,
            PosterSizes posterSizes, PublicUrls urls, GalleryConfig config, InstantSource clock) {
        this.clock = clock;
        this.shares = shares;
        this.secrets = secrets;
        this.jobs = jobs;
        this.teams = teams;
        this.delivery = delivery;
        this.posterSizes = posterSizes;
        this.urls = urls;
        this.config = config;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token, HttpHeaders headers, @Context UriInfo uri) {
        ShareLinks.Resolution resolution = shares.resolve(token);
        if (!(resolution instanceof ShareLinks.Open open)) {
            return refusal(resolution);
        }
        ShareLinks.Link link = open.link();
        if (link.exhausted()) {
            return gone("This link has been used up", "It allowed " + link.maxViews() + (link.maxViews() == 1 ? " view" : " views")
                    + ", and all of them have been used. Ask the person who shared it for a new link.");
        }
        boolean bot = LinkPreviewBots.isBot(headers.getHeaderString(HttpHeaders.USER_AGENT));
        if (link.hasPassword() && !unlocked(link, headers)) {
            return html(200, Templates.password(token, null, "A video shared with you"));
        }
        if (!bot && !shares.recordView(link.id())) {
            return gone("This link has been used up", "Its last view was just used. Ask the person who shared it for a new link.");
        }
        JobView job = jobs.ofTeam(link.teamId(), link.jobId()).orElse(null);
        if (job == null) {
            return gone("This video is no longer available", "The video was deleted by its team.");
        }
        return html(200, Templates.share(watch(token, link, job, uri)));
    }

    @POST
    @Produces(MediaType.TEXT_HTML)
    public Response unlock(@PathParam("token") String token, @RestForm String password) {
        ShareLinks.Resolution resolution = shares.resolve(token);
        if (!(resolution instanceof ShareLinks.Open open)) {
            return refusal(resolution);
        }
        ShareLinks.Link link = open.link();
        if (!link.hasPassword()) {
            return Response.seeOther(URI.create("/s/" + token)).build();
        }
        return switch (shares.checkPassword(link.id(), password == null ? "" : password)) {
            case OK -> Response.seeOther(URI.create("/s/" + token)).cookie(new NewCookie.Builder(UNLOCK_COOKIE)
                    .value(secrets.ticket(link.id(), clock.instant().plus(config.shareTicketTtl()).getEpochSecond()))
                    .path("/s/" + token).httpOnly(true).sameSite(NewCookie.SameSite.LAX)
                    .maxAge((int) config.shareTicketTtl().toSeconds()).build()).build();
            case WRONG -> html(403, Templates.password(token, "That password is not right. Check it with the person who "
                    + "shared the link.", "A video shared with you"));
            case LOCKED -> {
                long minutes = shares.lockedMinutes(link.id());
                yield Response.status(429).header("Retry-After", minutes * 60).type(MediaType.TEXT_HTML)
                        .header("Cache-Control", "no-store")
                        .entity(Templates.password(token, "Too many wrong passwords. For safety this link accepts no "
                                + "more tries for " + minutes + (minutes == 1 ? " minute." : " minutes."), "A video shared with you"))
                        .build();
            }
        };
    }

    @GET
    @Path("video")
    public Response video(@PathParam("token") String token, @QueryParam("t") String ticket, HttpHeaders headers) {
        ShareLinks.Link link = usable(token, false);
        requireTicket(link, ticket, headers);
        return delivery.deliver(asset(link, Variant.VIDEO), headers, null);
    }

    @GET
    @Path("download")
    public Response download(@PathParam("token") String token, @QueryParam("t") String ticket, HttpHeaders headers) {
        ShareLinks.Link link = usable(token, false);
        if (!link.allowDownload()) {
            throw new jakarta.ws.rs.ForbiddenException("This link does not allow downloads.");
        }
        requireTicket(link, ticket, headers);
        return delivery.deliver(asset(link, Variant.VIDEO), headers, "shared-video-" + link.jobId() + ".mp4");
    }

    /** The poster: what previews show, so it needs no ticket unless the link has a password. */
    @GET
    @Path("poster")
    public Response poster(@PathParam("token") String token, @QueryParam("t") String ticket, HttpHeaders headers) {
        ShareLinks.Link link = usable(token, true);
        if (link.hasPassword()) {
            requireTicket(link, ticket, headers);
        }
        return delivery.deliver(asset(link, Variant.THUMBNAIL), headers, null);
    }

    // ------------------------------------------------------------------ helpers

    private Watch watch(String token, ShareLinks.Link link, JobView job, UriInfo uri) {
        String base = urls.base(uri);
        String ticket = secrets.ticket(link.id(), clock.instant().plus(config.shareTicketTtl()).getEpochSecond());
        String path = "/s/" + token;
        Team team = teams.byId(link.teamId()).orElseThrow();
        Map<Variant, VideoAsset> assets = jobs.assets(List.of(job.id())).getOrDefault(job.id(), Map.of());
        VideoAsset poster = assets.get(Variant.THUMBNAIL);
        String posterPath = poster == null ? null : path + "/poster" + (link.hasPassword() ? "?t=" + ticket : "");
        int width = dimension(job.size(), 0, 1280);
        int height = dimension(job.size(), 1, 720);
        String title = link.showPrompt() ? Formats.shorten(job.prompt(), 70) : "A video from " + team.name;
        String description = link.showPrompt() ? Formats.shorten(job.prompt(), 200)
                : "Watch this " + seconds(job) + "-second video shared from Reelgate.";
        return new Watch(title, description, link.showPrompt() ? job.prompt() : null, team.name, base + path,
                path + "/video?t=" + ticket, base + path + "/video?t=" + ticket, posterPath,
                posterPath == null ? null : base + posterPath, poster == null ? null : poster.contentType,
                poster == null ? null : posterSizes.of(poster), width, height, seconds(job),
                link.allowDownload() ? path + "/download?t=" + ticket : null, base.startsWith("https:"));
    }

    private static int seconds(JobView job) {
        return job.actualSeconds() != null ? job.actualSeconds() : job.seconds();
    }

    private static int dimension(String size, int index, int fallback) {
        try {
            return Integer.parseInt(size.split("x")[index]);
        } catch (RuntimeException e) {
            return fallback;
        }
    }

    /** The open link for media requests; {@code poster} requests also refuse used-up links. */
    private ShareLinks.Link usable(String token, boolean refuseExhausted) {
        ShareLinks.Resolution resolution = shares.resolve(token);
        if (resolution instanceof ShareLinks.Open open && !(refuseExhausted && open.link().exhausted())) {
            return open.link();
        }
        throw new jakarta.ws.rs.WebApplicationException(refusal(resolution instanceof ShareLinks.Open
                ? new ShareLinks.Gone("This link has been used up.") : resolution));
    }

    private void requireTicket(ShareLinks.Link link, String ticket, HttpHeaders headers) {
        long now = clock.instant().getEpochSecond();
        if (secrets.validTicket(link.id(), ticket, now)) {
            return;
        }
        Cookie unlock = headers.getCookies().get(UNLOCK_COOKIE);
        if (unlock != null && secrets.validTicket(link.id(), unlock.getValue(), now)) {
            return;
        }
        throw new jakarta.ws.rs.ForbiddenException("Open the share page to watch this video.");
    }

    private boolean unlocked(ShareLinks.Link link, HttpHeaders headers) {
        Cookie unlock = headers.getCookies().get(UNLOCK_COOKIE);
        return unlock != null && secrets.validTicket(link.id(), unlock.getValue(), clock.instant().getEpochSecond());
    }

    private VideoAsset asset(ShareLinks.Link link, Variant variant) {
        return jobs.asset(link.teamId(), link.jobId(), variant).orElseThrow(jakarta.ws.rs.NotFoundException::new);
    }

    private Response refusal(ShareLinks.Resolution resolution) {
        if (resolution instanceof ShareLinks.Gone gone) {
            return gone("This link no longer works", gone.reason());
        }
        return html(404, Templates.gone("This link does not exist",
                "Check that you copied the whole link. If it still does not open, ask the person who shared it for a new one."));
    }

    private Response gone(String title, String reason) {
        return html(410, Templates.gone(title, reason));
    }

    private static Response html(int status, TemplateInstance body) {
        return Response.status(status).type(MediaType.TEXT_HTML).entity(body).header("Cache-Control", "no-store")
                .header("X-Robots-Tag", "noindex, nofollow").header("Referrer-Policy", "no-referrer").build();
    }
}
