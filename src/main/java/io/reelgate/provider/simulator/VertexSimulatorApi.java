package io.reelgate.provider.simulator;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Encoded;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelgate.web.CsrfExempt;

/**
 * The simulated Google endpoints under {@code /sim/vertex}: the OAuth token endpoint ({@code /token}),
 * Vertex AI's Veo calls ({@code /v1/projects/…}) and the Cloud
 * Storage JSON API ({@code /storage/v1/b/…}, downloads also at {@code /download/storage/v1/b/…}).
 */
@Path("/sim/vertex")
@CsrfExempt
@Produces(MediaType.APPLICATION_JSON)
public class VertexSimulatorApi {

    private static final String MODEL = "v1/projects/{project}/locations/{location}/publishers/google/models/{model}";

    private final VertexSimulator simulator;
    private final VertexStorage storage;
    private final VertexPublisherModels publisherModels;

    VertexSimulatorApi(VertexSimulator simulator, VertexStorage storage, VertexPublisherModels publisherModels) {
        this.simulator = simulator;
        this.storage = storage;
        this.publisherModels = publisherModels;
    }

    @POST
    @Path("token")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Map<String, Object> token(@FormParam("grant_type") String grantType, @FormParam("assertion") String assertion) {
        enabled();
        return simulator.token(grantType, assertion);
    }

    /** A publisher model (Bearer token, no project in the path): what "Test connection" reads. */
    @GET
    @Path("v1/publishers/google/models/{model}")
    public Map<String, Object> publisherModel(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("model") String model) {
        begin(authorization, false);
        return publisherModels.get(model);
    }

    @POST
    @Path(MODEL + ":predictLongRunning")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> predict(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("project") String project, @PathParam("location") String location,
            @PathParam("model") String model, JsonNode body) {
        begin(authorization, false);
        return simulator.predict(project, location, model, body);
    }

    @POST
    @Path(MODEL + ":fetchPredictOperation")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> fetch(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("project") String project, @PathParam("location") String location,
            @PathParam("model") String model, JsonNode body) {
        begin(authorization, false);
        return simulator.fetch(project, location, model, body);
    }

    @GET
    @Path(MODEL + "/operations/{operation}")
    public Map<String, Object> operation(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("project") String project, @PathParam("location") String location,
            @PathParam("model") String model, @PathParam("operation") String operation) {
        begin(authorization, false);
        throw simulator.plainGet(project, location, model, operation);
    }

    /** Object metadata, or with {@code alt=media} its bytes. */
    @GET
    @Path("storage/v1/b/{bucket}/o/{object: .+}")
    @Produces({ MediaType.APPLICATION_JSON, "video/mp4" })
    public Response object(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("bucket") String bucket, @Encoded @PathParam("object") String object,
            @QueryParam("alt") String alt) throws IOException {
        begin(authorization, true);
        VertexStorage.StoredObject stored = storage.object(bucket, decode(object));
        if ("media".equals(alt)) {
            return media(stored);
        }
        return Response.ok(storage.metadata(stored), MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** The {@code mediaLink} of an object's metadata. */
    @GET
    @Path("download/storage/v1/b/{bucket}/o/{object: .+}")
    @Produces("video/mp4")
    public Response download(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("bucket") String bucket, @Encoded @PathParam("object") String object) throws IOException {
        begin(authorization, true);
        return media(storage.object(bucket, decode(object)));
    }

    @DELETE
    @Path("storage/v1/b/{bucket}/o/{object: .+}")
    public Response delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("bucket") String bucket, @Encoded @PathParam("object") String object) {
        begin(authorization, true);
        storage.delete(bucket, decode(object));
        return Response.noContent().build();
    }

    private static Response media(VertexStorage.StoredObject stored) throws IOException {
        return Response.ok(Files.newInputStream(stored.path()), "video/mp4")
                .header(HttpHeaders.CONTENT_LENGTH, stored.size()).build();
    }

    /** Object names arrive percent-encoded ({@code /} as {@code %2F}); a {@code +} in a path is itself. */
    private static String decode(String object) {
        return URLDecoder.decode(object.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private void enabled() {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
    }

    private void begin(String authorization, boolean storage) {
        enabled();
        simulator.authorize(authorization, storage);
    }

    @ServerExceptionMapper
    public Response failure(VertexFailure failure) {
        return failure.toResponse();
    }
}
