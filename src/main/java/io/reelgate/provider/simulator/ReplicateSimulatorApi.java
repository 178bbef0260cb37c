package io.reelgate.provider.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
 * The simulated Replicate API under {@code /sim/replicate}: {@code /v1} as Replicate serves it
 * (Bearer token), {@code /files} as its output CDN (no token), and {@code /admin} to expire an
 * output or rotate the webhook secret (the simulator's admin key).
 */
@Path("/sim/replicate")
@CsrfExempt
@Produces(MediaType.APPLICATION_JSON)
public class ReplicateSimulatorApi {

    private final ReplicateSimulator simulator;
    private final SoraSimulator sora;

    ReplicateSimulatorApi(ReplicateSimulator simulator, SoraSimulator sora) {
        this.simulator = simulator;
        this.sora = sora;
    }

    @POST
    @Path("v1/models/{owner}/{name}/predictions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createForModel(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("owner") String owner,
            @PathParam("name") String name, JsonNode body) {
        String token = begin(auth);
        return Response.status(201).entity(simulator.create(token, owner + "/" + name, null, body)).build();
    }

    @POST
    @Path("v1/predictions")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createForVersion(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, JsonNode body) {
        String token = begin(auth);
        String version = body == null ? null : body.path("version").asText(null);
        if (version == null || version.isBlank()) {
            throw ReplicateFailure.validation("version: version is required");
        }
        return Response.status(201).entity(simulator.create(token, null, version, body)).build();
    }

    @GET
    @Path("v1/predictions/{id}")
    public Map<String, Object> retrieve(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        return simulator.retrieve(begin(auth), id);
    }

    @POST
    @Path("v1/predictions/{id}/cancel")
    public Map<String, Object> cancel(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        return simulator.cancel(begin(auth), id);
    }

    @GET
    @Path("v1/predictions")
    public Map<String, Object> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @QueryParam("cursor") Long cursor) {
        return simulator.list(begin(auth), cursor);
    }

    @GET
    @Path("v1/webhooks/default/secret")
    public Map<String, Object> secret(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        begin(auth);
        return Map.of("key", simulator.webhookSecret());
    }

    /** The stand-in for replicate.delivery: public, no token. */
    @GET
    @Path("files/{id}/output.mp4")
    @Produces("video/mp4")
    public Response file(@PathParam("id") String id) throws IOException {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        ReplicateSimulator.File file = simulator.output(id);
        return Response.ok(Files.newInputStream(file.path()), "video/mp4").header(HttpHeaders.CONTENT_LENGTH, file.length())
                .build();
    }

    @POST
    @Path("admin/predictions/{id}/remove-output")
    public Response removeOutput(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        admin(auth);
        simulator.removeOutput(id);
        return Response.noContent().build();
    }

    /** Body {@code {"key": "whsec_…"}}: the account's new signing secret. */
    @PUT
    @Path("admin/webhook-secret")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, Map<String, String> body) {
        admin(auth);
        simulator.rotateSecret(body.get("key"));
        return Response.noContent().build();
    }

    /**
     * The account the token belongs to ({@code GET /v1/account}, replicate-python {@code account.py}:
     * {@code type}, {@code username}, {@code name}, {@code github_url}); what "Test connection" reads.
     */
    @GET
    @Path("v1/account")
    public Map<String, Object> account(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        begin(auth);
        Map<String, Object> account = new java.util.LinkedHashMap<>();
        account.put("type", "organization");
        account.put("username", "reelgate-sim");
        account.put("name", "Reelgate simulator");
        account.put("github_url", null);
        return account;
    }

    private String begin(String auth) {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        return simulator.authorize(auth);
    }

    private void admin(String auth) {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        sora.authorize(auth, true);
    }

    @ServerExceptionMapper
    public Response failure(ReplicateFailure failure) {
        return failure.toResponse();
    }

    @ServerExceptionMapper
    public Response adminFailure(ApiFailure failure) {
        return failure.toResponse();
    }
}
