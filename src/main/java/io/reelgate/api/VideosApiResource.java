package io.reelgate.api;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelgate.gallery.MediaDelivery;
import io.reelgate.provider.InputImage;
import io.reelgate.web.CsrfExempt;

/**
 * {@code /v1/videos} in the OpenAI Videos API shape, for programs holding a team key
 * ({@link ApiKeyFilter}): point an OpenAI SDK's {@code base_url} at {@code https://<host>/v1}.
 * Creates take multipart (with {@code input_reference} as a file part) or JSON, {@code seconds} as
 * a string or a number, and an optional {@code Idempotency-Key}. docs/api.md has the examples.
 */
@Path("/v1/videos")
@CsrfExempt
@SecurityScheme(securitySchemeName = "teamKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A team API key (rg_…), made on the team's API keys page")
@SecurityRequirement(name = "teamKey")
@Tag(name = "Videos", description = "Generate videos under your team's budget and limits")
@Produces(MediaType.APPLICATION_JSON)
public class VideosApiResource {

    private static final long MAX_IMAGE = 20L * 1024 * 1024;

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
    public Map<String, Object> createMultipart(@RestForm String model, @RestForm String prompt, @RestForm String size,
            @RestForm String seconds, @RestForm("input_reference") FileUpload inputReference,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        InputImage image = null;
        if (inputReference != null && inputReference.uploadedFile() != null && inputReference.size() > 0) {
            if (inputReference.size() > MAX_IMAGE) {
                throw ApiException.invalid("input_reference", "file_too_large", "input_reference must be at most 20 MB.");
            }
            try {
                image = image(inputReference.fileName(), Files.readAllBytes(inputReference.uploadedFile()));
            } catch (IOException e) {
                throw ApiException.invalid("input_reference", "invalid_image_format", "input_reference could not be read.");
            }
        }
        return videos.create(caller.identity(), new ApiVideos.Create(model, prompt, size, seconds, image),
                key(idempotencyKey));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a video (JSON; input_reference as {\"image_url\": \"data:image/png;base64,…\"})")
    public Map<String, Object> createJson(byte[] raw, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        JsonNode body = json(raw);
        InputImage image = null;
        JsonNode reference = body.get("input_reference");
        if (reference != null && !reference.isNull()) {
            String url = reference.path("image_url").asText("");
            if (!url.startsWith("data:") || !url.contains(";base64,")) {
                throw ApiException.invalid("input_reference", "invalid_value", "input_reference must be "
                        + "{\"image_url\": \"data:<type>;base64,<bytes>\"} (Reelgate fetches no remote URLs; file ids are "
                        + "not supported), or a file part of a multipart request.");
            }
            try {
                image = image("reference", Base64.getDecoder().decode(url.substring(url.indexOf(";base64,") + 8)));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("input_reference", "invalid_value", "input_reference is not valid base64.");
            }
        }
        return videos.create(caller.identity(), new ApiVideos.Create(string(body, "model"), string(body, "prompt"),
                string(body, "size"), scalar(body, "seconds"), image), key(idempotencyKey));
    }

    @GET
    @Operation(summary = "List the team's videos (cursor pagination)")
    public Map<String, Object> list(@QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("after") String after,
            @QueryParam("order") @DefaultValue("desc") String order) {
        if (!order.equals("asc") && !order.equals("desc")) {
            throw ApiException.invalid("order", "invalid_value", "order must be 'asc' or 'desc'.");
        }
        ApiVideos.Page page = videos.list(caller.identity(), limit, after, order.equals("asc"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object", "list");
        body.put("data", page.data());
        body.put("first_id", page.firstId());
        body.put("last_id", page.lastId());
        body.put("has_more", page.hasMore());
        return body;
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Retrieve a video (from Reelgate's database; never a call to the provider)")
    public Map<String, Object> retrieve(@PathParam("id") String id) {
        return videos.retrieve(caller.identity(), id);
    }

    @GET
    @Path("{id}/content")
    @Produces(MediaType.WILDCARD)
    @Operation(summary = "Download the video, thumbnail or spritesheet from Reelgate's storage (HTTP Range supported)")
    public Response content(@PathParam("id") String id, @QueryParam("variant") String variant, HttpHeaders headers) {
        return delivery.stream(videos.content(caller.identity(), id, variant), headers, null);
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a video from storage (and at its provider where it can delete)")
    public Map<String, Object> delete(@PathParam("id") String id) {
        return videos.delete(caller.identity(), id);
    }

    @POST
    @Path("{id}/remix")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Remix a completed video with a new prompt (where its provider can remix)")
    public Map<String, Object> remix(@PathParam("id") String id, byte[] raw,
            @HeaderParam("Idempotency-Key") String idempotencyKey) {
        return videos.remix(caller.identity(), id, string(json(raw), "prompt"), key(idempotencyKey));
    }

    private static InputImage image(String name, byte[] bytes) {
        return InputImage.of(name, bytes).orElseThrow(() -> ApiException.invalid("input_reference",
                "invalid_image_format", "Invalid file format for 'input_reference'. Supported formats are: image/jpeg, "
                        + "image/png, and image/webp."));
    }

    private static String key(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String key = header.trim();
        if (key.length() > 255) {
            throw ApiException.invalid(null, "invalid_idempotency_key", "Idempotency-Key must be at most 255 characters.");
        }
        return key;
    }

    /**
     * The body as a JSON object, read strictly: invalid UTF-8, a duplicated key (which value would
     * count?) and anything but an object are the caller's error.
     */
    static JsonNode json(byte[] raw) {
        JsonNode body;
        try {
            body = raw == null || raw.length == 0 ? null : STRICT_JSON.readTree(raw);
        } catch (java.io.IOException e) {
            String reason = e instanceof com.fasterxml.jackson.core.JsonProcessingException p ? p.getOriginalMessage()
                    : e.getMessage();
            throw ApiException.invalid(null, "invalid_request", "The body is not valid JSON: " + reason);
        }
        if (body == null || !body.isObject()) {
            throw ApiException.invalid(null, "invalid_json", "The body must be a JSON object.");
        }
        return body;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper STRICT_JSON = new com.fasterxml.jackson.databind.ObjectMapper()
            .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** A string field (absent or null: null); any other JSON type is refused, as OpenAI's API refuses it. */
    private static String string(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.invalid(field, "invalid_type", "Invalid type for '" + field + "': expected a string, but got "
                    + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return value.asText();
    }

    /** A string or number field, as text; objects, arrays and booleans are refused. */
    private static String scalar(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw ApiException.invalid(field, "invalid_type", "Invalid type for '" + field + "': expected a string or a "
                    + "number, but got " + value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + ".");
        }
        return value.asText();
    }
}
