package io.reelgate.api;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultiPartParserDefinition;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import io.reelgate.videos.MediaDelivery;
import io.reelgate.web.CsrfExempt;

/**
 * {@code /v1/videos} in the OpenAI Videos API shape, for programs holding a team key
 * ({@link ApiKeyFilter}): point an OpenAI SDK's {@code base_url} at {@code https://<host>/v1}.
 * Creates take multipart (with {@code input_reference} as a file part) or JSON, read strictly by
 * {@link VideoRequests}; unknown query parameters are refused like unknown fields. docs/api.md has
 * the contract and the examples.
 */
@Path("/v1/videos")
@CsrfExempt
@SecurityScheme(securitySchemeName = "teamKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A team API key (rg_…), made on the team's API keys page")
@SecurityRequirement(name = "teamKey")
@Tag(name = "Videos", description = "Generate videos under your team's budget and limits")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "Invalid input; error.param names the field, part, query parameter "
        + "or header. Nothing is reserved or stored", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "401", description = "No key, or not a live one",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
@APIResponse(responseCode = "404", description = "No such video in your team, or no such route",
        content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
public class VideosApiResource {

    private static final Logger LOG = Logger.getLogger(VideosApiResource.class);
    private static final Pattern LIMIT = Pattern.compile("[1-9][0-9]{0,2}");

    private final ApiCaller caller;
    private final ApiVideos videos;
    private final MediaDelivery delivery;

    VideosApiResource(ApiCaller caller, ApiVideos videos, MediaDelivery delivery) {
        this.caller = caller;
        this.videos = videos;
        this.delivery = delivery;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(summary = "Create a video (multipart, input_reference as a file part)")
    @APIResponse(responseCode = "200", description = "The new video, queued",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VideoObject.class)))
    @APIResponse(responseCode = "403", description = "team_archived", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "409", description = "idempotency_key_reused", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "413", description = "request_too_large: the body or a part is over the limit",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "415", description = "unsupported_media_type: neither JSON nor multipart",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "429", description = "insufficient_quota (budget or member cap) or rate_limit_exceeded "
            + "(with Retry-After)", content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = ErrorResponse.class)))
    public VideoObject createMultipart(@RequestBody(required = true, content = @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA, schema = @Schema(implementation = CreateVideoForm.class)))
            MultipartFormDataInput form, @HeaderParam("Idempotency-Key") @Parameter(description = "1–255 characters; "
                    + "a retry with the same key and request answers with the same video") String idempotencyKey,
            @Context UriInfo uri) {
        query(uri);
        return videos.create(caller.identity(), VideoRequests.create(form), key(idempotencyKey));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a video (JSON; input_reference as {\"image_url\": \"data:image/png;base64,…\"})")
    public VideoObject createJson(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = CreateVideoRequest.class))) byte[] raw,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        query(uri);
        return videos.create(caller.identity(), VideoRequests.toCreate(VideoRequests.create(raw)), key(idempotencyKey));
    }

    @GET
    @Operation(summary = "List the team's videos (cursor pagination)")
    @APIResponse(responseCode = "200", description = "A page of videos", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VideoList.class)))
    public VideoList list(@QueryParam("limit") @Parameter(schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
            maximum = "100", defaultValue = "20")) String limit, @QueryParam("after") String after,
            @QueryParam("order") @Parameter(schema = @Schema(type = SchemaType.STRING, enumeration = { "asc", "desc" },
                    defaultValue = "desc")) String order, @Context UriInfo uri) {
        query(uri, "limit", "after", "order");
        if (order != null && !order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalid("order", "invalid_value", "order must be 'asc' or 'desc'.");
        }
        if (limit != null && !LIMIT.matcher(limit).matches() || limit != null && Integer.parseInt(limit) > 100) {
            throw ApiException.invalid("limit", "invalid_value", "limit must be a whole number between 1 and 100.");
        }
        return videos.list(caller.identity(), limit == null ? 20 : Integer.parseInt(limit), after, "asc".equals(order));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Retrieve a video (from Reelgate's database; never a call to the provider)")
    @APIResponse(responseCode = "200", description = "The video", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VideoObject.class)))
    public VideoObject retrieve(@PathParam("id") String id, @Context UriInfo uri) {
        query(uri);
        return videos.retrieve(caller.identity(), id);
    }

    @GET
    @Path("{id}/content")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download the video, thumbnail or spritesheet from Reelgate's storage (HTTP Range supported)")
    @APIResponse(responseCode = "200", description = "The file (206 for a Range)", content = @Content(
            mediaType = MediaType.WILDCARD, schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response content(@PathParam("id") String id, @QueryParam("variant") @Parameter(schema = @Schema(
            type = SchemaType.STRING, enumeration = { "video", "thumbnail", "spritesheet" }, defaultValue = "video"))
            String variant, HttpHeaders headers, @Context UriInfo uri) {
        query(uri, "variant");
        return delivery.stream(videos.content(caller.identity(), id, variant), headers, null);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a video from storage (and at its provider where it can delete)")
    @APIResponse(responseCode = "409", description = "video_in_progress", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "200", description = "Deleted", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = DeletedVideo.class)))
    public DeletedVideo delete(@PathParam("id") String id, @Context UriInfo uri) {
        query(uri);
        return videos.delete(caller.identity(), id);
    }

    @POST
    @Path("{id}/remix")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Remix a completed video with a new prompt (where its provider can remix)")
    @APIResponse(responseCode = "429", description = "insufficient_quota or rate_limit_exceeded", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ErrorResponse.class)))
    @APIResponse(responseCode = "200", description = "The new video, queued", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = VideoObject.class)))
    public VideoObject remix(@PathParam("id") String id, @RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RemixVideoRequest.class))) byte[] raw,
            @HeaderParam("Idempotency-Key") String idempotencyKey, @Context UriInfo uri) {
        query(uri);
        return videos.remix(caller.identity(), id, VideoRequests.remix(raw).prompt(), key(idempotencyKey));
    }

    /**
     * A multipart body the parser could not read to its end (truncated, no closing boundary) is the
     * caller's error; any other I/O failure here is ours.
     */
    @ServerExceptionMapper
    public Response unreadable(IOException e) {
        if (e instanceof MultiPartParserDefinition.FileTooLargeException) {
            return ApiException.forStatus(413, null);
        }
        return multipartParsing(e) ? invalidMultipart() : ours(e);
    }

    /** A part whose headers are malformed. */
    @ServerExceptionMapper
    public Response malformed(MultipartParser.MalformedMessageException e) {
        return invalidMultipart();
    }

    private static Response invalidMultipart() {
        return ApiException.invalid(null, "invalid_multipart", "The multipart body could not be read to its end "
                + "(truncated, no closing boundary, or a malformed part); nothing was changed.").toResponse();
    }

    private static boolean multipartParsing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getClassName().startsWith("org.jboss.resteasy.reactive.server.core.multipart.")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Response ours(IOException e) {
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "Unexpected error, reference %s", reference);
        return ApiException.forStatus(500, "Something went wrong on our side (reference " + reference
                + "); try again in a moment.");
    }

    /**
     * Only the named query parameters, each at most once and not empty: a misspelt one must not be
     * silently ignored.
     */
    private static void query(UriInfo uri, String... allowed) {
        for (var parameter : uri.getQueryParameters().entrySet()) {
            if (!List.of(allowed).contains(parameter.getKey())) {
                throw ApiException.invalid(parameter.getKey(), "unknown_parameter", "Unknown query parameter: '"
                        + parameter.getKey() + "'." + (allowed.length == 0 ? " This route takes none."
                                : " This route takes: " + String.join(", ", allowed) + "."));
            }
            if (parameter.getValue().stream().anyMatch(String::isEmpty)) {
                throw ApiException.invalid(parameter.getKey(), "invalid_value", "The query parameter '"
                        + parameter.getKey() + "' is empty; leave it out for the default.");
            }
            if (parameter.getValue().size() > 1) {
                throw ApiException.invalid(parameter.getKey(), "invalid_request", "The query parameter '"
                        + parameter.getKey() + "' is sent " + parameter.getValue().size() + " times; send it once.");
            }
        }
    }

    /** The Idempotency-Key header: absent, or 1–255 characters without control characters. */
    private static String key(String header) {
        if (header == null) {
            return null;
        }
        if (header.isBlank() || header.length() > 255 || header.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalid(null, "invalid_idempotency_key", "Idempotency-Key must be 1 to 255 "
                    + "characters without control characters.");
        }
        return header;
    }
}
