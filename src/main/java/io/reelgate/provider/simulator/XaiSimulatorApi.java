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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelgate.web.CsrfExempt;

/**
 * The simulated xAI video API under {@code /sim/xai}: {@code /v1/videos/…} (Bearer key) and
 * {@code /files} as the temporary public result URLs. Faults are the shared ones of
 * {@code /sim/admin/faults}.
 */
@Path("/sim/xai")
@CsrfExempt
@Produces(MediaType.APPLICATION_JSON)
public class XaiSimulatorApi {

    private final XaiSimulator simulator;

    XaiSimulatorApi(XaiSimulator simulator) {
        this.simulator = simulator;
    }

    @POST
    @Path("v1/videos/generations")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> create(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, JsonNode body) {
        return simulator.create(begin(auth), body);
    }

    @POST
    @Path("v1/videos/extensions")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> extend(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, JsonNode body) {
        return simulator.extend(begin(auth), body);
    }

    /** The key's own record: what "Test connection" reads. */
    @GET
    @Path("v1/api-key")
    public Map<String, Object> apiKey(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        return simulator.apiKey(begin(auth));
    }

    @GET
    @Path("v1/videos/{id}")
    public Map<String, Object> retrieve(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        return simulator.retrieve(begin(auth), id);
    }

    @GET
    @Path("files/{id}.mp4")
    @Produces({ "video/mp4", MediaType.APPLICATION_JSON })
    public Response file(@PathParam("id") String id) throws IOException {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        return simulator.file(id).response();
    }

    private String begin(String auth) {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        return simulator.authorize(auth);
    }

    @ServerExceptionMapper
    public Response failure(FlatFailure failure) {
        return failure.toResponse();
    }
}
