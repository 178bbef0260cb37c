package io.reelgate.provider.simulator;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.reelgate.web.CsrfExempt;

/**
 * {@code GET /sim/v1/models} of the simulated OpenAI shape: the call the adapter's "Test connection"
 * makes (openai-python {@code resources/models.py}: {@code GET /models}, Bearer key; vLLM, LiteLLM and
 * Bifrost serve the same). A missing or wrong key answers 401 {@code invalid_api_key} like every
 * other call of {@link SimulatorApi}.
 */
@Path("/sim/v1/models")
@CsrfExempt
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorModelsApi {

    private final SoraSimulator simulator;

    SimulatorModelsApi(SoraSimulator simulator) {
        this.simulator = simulator;
    }

    @GET
    public Map<String, Object> models(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        String key = simulator.authorize(auth, false);
        simulator.maybeFail();
        return simulator.models(key);
    }

    @ServerExceptionMapper
    public Response failure(ApiFailure failure) {
        return failure.toResponse();
    }
}
