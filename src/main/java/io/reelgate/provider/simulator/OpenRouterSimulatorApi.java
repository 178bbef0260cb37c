package io.reelgate.provider.simulator;

import java.io.IOException;
import java.util.Map;

import jakarta.ws.rs.Consumes;
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
 * The simulated OpenRouter video API under {@code /sim/openrouter}: {@code /api/v1} as OpenRouter
 * serves it (Bearer key), and {@code /files} as the signed result URLs (no key). Faults are the
 * shared ones of {@code /sim/admin/faults}.
 */
@Path("/sim/openrouter")
@CsrfExempt
@Produces(MediaType.APPLICATION_JSON)
public class OpenRouterSimulatorApi {

    private final OpenRouterSimulator simulator;

    OpenRouterSimulatorApi(OpenRouterSimulator simulator) {
        this.simulator = simulator;
    }

    @POST
    @Path("api/v1/videos")
    @Consumes(MediaType.WILDCARD)
    public Response create(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, JsonNode body) {
        String key = begin(auth);
        return Response.status(202).entity(simulator.create(key, body)).build();
    }

    /** The key's own record: what "Test connection" reads. */
    @GET
    @Path("api/v1/key")
    public Map<String, Object> key(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return simulator.keyInfo(begin(auth));
    }

    @GET
    @Path("api/v1/videos/models")
    public Map<String, Object> models(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        begin(auth);
        return simulator.models();
    }

    /**
     * Admin switch for tests and demos: what {@code GET /videos/models} lists differently from the
     * catalog, {@code {"model": "usd per second"}} (an unknown model is listed as an extra 720p
     * model of 5 s and 10 s); an empty object lists the catalog again. Rendering is unchanged; the
     * simulator's API key is required.
     */
    @jakarta.ws.rs.PUT
    @Path("admin/list-prices")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response listPrices(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, Map<String, String> prices) {
        begin(auth);
        simulator.listPrices(prices);
        return Response.ok(Map.of("prices", prices)).build();
    }

    @GET
    @Path("api/v1/videos/{id}")
    public Map<String, Object> retrieve(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        return simulator.retrieve(begin(auth), id);
    }

    @GET
    @Path("api/v1/videos/{id}/content")
    @Produces({ "video/mp4", MediaType.APPLICATION_JSON })
    public Response content(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id,
            @QueryParam("index") Integer index) throws IOException {
        String key = begin(auth);
        if (index != null && index != 0) {
            throw OpenRouterFailure.notFound("No video at index " + index);
        }
        return file(simulator.content(key, id, null));
    }

    /** The stand-in for the signed {@code urls[]}: no key, the token in the path. */
    @GET
    @Path("files/{id}/{token}.mp4")
    @Produces({ "video/mp4", MediaType.APPLICATION_JSON })
    public Response signed(@PathParam("id") String id, @PathParam("token") String token) throws IOException {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        return file(simulator.content(null, id, token));
    }

    private static Response file(Mp4File file) throws IOException {
        return file.response();
    }

    private String begin(String auth) {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        return simulator.authorize(auth);
    }

    @ServerExceptionMapper
    public Response failure(OpenRouterFailure failure) {
        return failure.toResponse();
    }
}
