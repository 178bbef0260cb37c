package io.reelgate.ops;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import io.reelgate.identity.CurrentUser;

/** Every route under {@code /ops} is for operators only (sign-in itself is required by configuration). */
public class OperatorFilter {

    private final CurrentUser currentUser;

    OperatorFilter(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION)
    public void requireOperator(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if ((path.equals("/ops") || path.startsWith("/ops/")) && !currentUser.operator()) {
            throw new ForbiddenException("Only Reelgate operators can open the operator console.");
        }
    }
}
