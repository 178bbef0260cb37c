package io.reelgate.provider.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
 * The simulated fal.ai under {@code /sim/fal}: {@code /queue} as {@code queue.fal.run} serves it
 * ({@code Key} auth; status, result and cancel under {@code owner/app} only), {@code /rest} for
 * storage uploads, {@code /cdn} for outputs and uploads (no key), {@code /.well-known/jwks.json}
 * for the webhook keys, and {@code /admin} (the simulator's admin key) to rotate the key and read
 * what was delivered and fetched.
 */
@Path("/sim/fal")
@CsrfExempt
@Produces(MediaType.APPLICATION_JSON)
public class FalSimulatorApi {

    private static final Pattern REQUEST = Pattern.compile("([^/]+)/([^/]+)/requests/([^/]+)(/status|/cancel)?");

    private final FalSimulator simulator;
    private final SoraSimulator sora;
    private final SimulatorConfig config;

    FalSimulatorApi(FalSimulator simulator, SoraSimulator sora, SimulatorConfig config) {
        this.simulator = simulator;
        this.sora = sora;
        this.config = config;
    }

    /** Submit to an endpoint, e.g. {@code POST /queue/fal-ai/veo3.1/image-to-video?fal_webhook=…}. */
    @POST
    @Path("queue/{endpoint: .+}")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> submit(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @PathParam("endpoint") String endpoint, @QueryParam("fal_webhook") String webhook, JsonNode input) {
        return simulator.submit(begin(auth), endpoint, input, webhook);
    }

    @GET
    @Path("queue/{path: .+}")
    public Response read(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("path") String path,
            @QueryParam("logs") String logs) {
        String key = begin(auth);
        Matcher m = request(path);
        if ("/status".equals(m.group(4))) {
            Map<String, Object> status = simulator.status(key, m.group(1) + "/" + m.group(2), m.group(3), "1".equals(logs));
            return Response.status("COMPLETED".equals(status.get("status")) ? 200 : 202).entity(status).build();
        }
        if (m.group(4) != null) {
            throw FalFailure.of(405, "Method Not Allowed");
        }
        return Response.ok(simulator.result(key, m.group(1) + "/" + m.group(2), m.group(3))).build();
    }

    @PUT
    @Path("queue/{path: .+}")
    public Response cancel(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("path") String path) {
        String key = begin(auth);
        Matcher m = request(path);
        if (!"/cancel".equals(m.group(4))) {
            throw FalFailure.of(405, "Method Not Allowed");
        }
        return Response.status(202).entity(simulator.cancel(key, m.group(1) + "/" + m.group(2), m.group(3))).build();
    }

    /**
     * Who the key belongs to ({@code GET https://rest.fal.ai/users/current}, {@code Authorization: Key …}),
     * as fal's own CLI asks ({@code fal auth whoami}; openapi-fal-rest {@code CurrentUser}: {@code full_name},
     * {@code nickname}, {@code user_id}, {@code is_personal}, {@code is_locked}, {@code is_paying}).
     */
    @GET
    @Path("rest/users/current")
    public Map<String, Object> currentUser(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        begin(auth);
        return Map.of("full_name", "Reelgate Simulator", "nickname", "reelgate-sim", "user_id",
                "github|" + config.fal().userId(), "is_personal", false, "is_locked", false, "is_paying", true);
    }

    @POST
    @Path("rest/storage/upload/initiate")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> initiate(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @QueryParam("storage_type") String storageType, JsonNode body) {
        String key = begin(auth);
        return simulator.initiateUpload(key, body);
    }

    /** The signed upload target: no key (one sent is recorded). */
    @PUT
    @Path("rest/storage/upload/put/{token}")
    @Consumes(MediaType.WILDCARD)
    public Response put(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("token") String token,
            byte[] body) {
        enabled();
        simulator.put(token, body == null ? new byte[0] : body, auth != null);
        return Response.ok().build();
    }

    /** The stand-in for {@code v3b.fal.media}: public, no key (one sent is recorded). */
    @GET
    @Path("cdn/{id}/output.mp4")
    @Produces("video/mp4")
    public Response output(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id)
            throws IOException {
        enabled();
        FalSimulator.File file = simulator.output(id, auth != null);
        return Response.ok(Files.newInputStream(file.path()), "video/mp4")
                .header(HttpHeaders.CONTENT_LENGTH, Files.size(file.path())).build();
    }

    @GET
    @Path("cdn/uploads/{token}")
    @Produces(MediaType.WILDCARD)
    public Response uploaded(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("token") String token) {
        enabled();
        FalSimulator.File file = simulator.upload(token, auth != null);
        return Response.ok(file.bytes(), file.contentType()).build();
    }

    @GET
    @Path(".well-known/jwks.json")
    public Map<String, Object> jwks() {
        enabled();
        return simulator.signer().jwks();
    }

    /** A new signing key: the JWKS lists only it from now on. */
    @POST
    @Path("admin/rotate-key")
    public Map<String, Object> rotate(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        admin(auth);
        return Map.of("kid", simulator.signer().rotate());
    }

    /** Every webhook attempt and how Reelgate answered it. */
    @GET
    @Path("admin/webhook-attempts")
    public List<FalSigner.Attempt> attempts(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        admin(auth);
        return simulator.signer().attempts();
    }

    /** Every CDN and upload request, with whether it carried an Authorization header. */
    @GET
    @Path("admin/fetches")
    public List<FalSimulator.Fetch> fetches(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        admin(auth);
        return simulator.fetches();
    }

    private static Matcher request(String path) {
        Matcher m = REQUEST.matcher(path);
        if (!m.matches()) {
            throw FalFailure.of(404, "Not Found");
        }
        return m;
    }

    private void enabled() {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
    }

    private String begin(String auth) {
        enabled();
        return simulator.authorize(auth);
    }

    private void admin(String auth) {
        enabled();
        sora.authorize(auth, true);
    }

    @ServerExceptionMapper
    public Response failure(FalFailure failure) {
        return failure.toResponse();
    }

    @ServerExceptionMapper
    public Response adminFailure(ApiFailure failure) {
        return failure.toResponse();
    }
}
