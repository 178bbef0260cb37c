package io.reelgate.provider.simulator;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * In the standalone simulator ({@link SimulatorConfig#standalone()}) the process is a provider,
 * not Reelgate: every route outside {@code /sim/} answers 404 before it is matched, so no page or
 * API of the app (which would need the database it does not have) is reachable there.
 */
public class StandaloneGuard {

    private final SimulatorConfig config;

    StandaloneGuard(SimulatorConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response onlySimulatorRoutes(ContainerRequestContext request) {
        if (!config.standalone() || request.getUriInfo().getPath().startsWith("/sim/")) {
            return null;
        }
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN_TYPE)
                .entity("This is the standalone provider simulator: only /sim/ routes are served.\n").build();
    }
}
