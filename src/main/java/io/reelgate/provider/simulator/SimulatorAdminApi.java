package io.reelgate.provider.simulator;

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
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.reelgate.web.CsrfExempt;

/**
 * Fault control for tests and demos ({@code /sim/admin}, admin Bearer key): read and replace the
 * {@link FaultPlan}, expire a video's content now, create a synthetic large video.
 */
@Path("/sim/admin")
@CsrfExempt
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorAdminApi {

    private final SoraSimulator simulator;

    SimulatorAdminApi(SoraSimulator simulator) {
        this.simulator = simulator;
    }

    @GET
    @Path("faults")
    public FaultPlan faults(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        begin(auth);
        return simulator.faults().copy();
    }

    @PUT
    @Path("faults")
    @Consumes(MediaType.APPLICATION_JSON)
    public FaultPlan replaceFaults(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, FaultPlan plan) {
        begin(auth);
        return simulator.replaceFaults(plan == null ? new FaultPlan() : plan);
    }

    @POST
    @Path("reset")
    public FaultPlan reset(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        begin(auth);
        return simulator.replaceFaults(new FaultPlan());
    }

    @POST
    @Path("videos/{id}/expire")
    public Response expire(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        begin(auth);
        simulator.expire(id);
        return Response.noContent().build();
    }

    /** Body {@code {"bytes": 209715200, "api_key": "…"}}: a completed video whose content is that many bytes. */
    @POST
    @Path("synthetic-videos")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> synthetic(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, Map<String, Object> body) {
        String adminKey = begin(auth);
        long bytes = ((Number) body.getOrDefault("bytes", 1024)).longValue();
        String key = String.valueOf(body.getOrDefault("api_key", adminKey));
        return simulator.synthetic(key, bytes);
    }

    private String begin(String auth) {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        return simulator.authorize(auth, true);
    }

    @ServerExceptionMapper
    public Response failure(ApiFailure failure) {
        return failure.toResponse();
    }
}
