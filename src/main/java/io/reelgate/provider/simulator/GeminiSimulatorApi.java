package io.reelgate.provider.simulator;

import java.io.IOException;
import java.nio.file.Files;
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

/** The simulated Gemini API under {@code /sim/gemini/v1beta}: Veo's {@code predictLongRunning}, operations and files. */
@Path("/sim/gemini/v1beta")
@CsrfExempt
@Produces(MediaType.APPLICATION_JSON)
public class GeminiSimulatorApi {

    private final GeminiSimulator simulator;

    GeminiSimulatorApi(GeminiSimulator simulator) {
        this.simulator = simulator;
    }

    @POST
    @Path("models/{model}:predictLongRunning")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> predict(@HeaderParam("x-goog-api-key") String header, @QueryParam("key") String query,
            @PathParam("model") String model, JsonNode body) {
        return simulator.predict(begin(header, query), model, body);
    }

    /** The models the key may use: what "Test connection" lists. */
    @GET
    @Path("models")
    public Map<String, Object> models(@HeaderParam("x-goog-api-key") String header, @QueryParam("key") String query,
            @QueryParam("pageSize") @jakarta.ws.rs.DefaultValue("50") int pageSize, @QueryParam("pageToken") String pageToken) {
        begin(header, query);
        return simulator.models(pageSize, pageToken);
    }

    @GET
    @Path("models/{model}/operations/{operation}")
    public Map<String, Object> operation(@HeaderParam("x-goog-api-key") String header, @QueryParam("key") String query,
            @PathParam("model") String model, @PathParam("operation") String operation) {
        return simulator.operation(begin(header, query), "models/" + model + "/operations/" + operation);
    }

    @GET
    @Path("files/{file}:download")
    @Produces("video/mp4")
    public Response download(@HeaderParam("x-goog-api-key") String header, @QueryParam("key") String query,
            @PathParam("file") String file) throws IOException {
        GeminiSimulator.File f = simulator.file(begin(header, query), file);
        return Response.ok(Files.newInputStream(f.path()), "video/mp4").header(HttpHeaders.CONTENT_LENGTH, f.length())
                .build();
    }

    private String begin(String header, String query) {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        return simulator.authorize(header, query);
    }

    @ServerExceptionMapper
    public Response failure(GeminiFailure failure) {
        return failure.toResponse();
    }
}
