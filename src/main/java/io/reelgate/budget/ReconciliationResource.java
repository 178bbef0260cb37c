package io.reelgate.budget;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.reelgate.identity.CurrentUser;

/** Operators' view of ledger reconciliation: every running total against the sum of its entries. */
@Path("/ops/reconciliation")
public class ReconciliationResource {

    private final Ledger ledger;
    private final CurrentUser user;

    ReconciliationResource(Ledger ledger, CurrentUser user) {
        this.ledger = ledger;
        this.user = user;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Reconciliation check() {
        if (!user.operator()) {
            throw new ForbiddenException("Only platform operators can see ledger reconciliation.");
        }
        return ledger.reconcile();
    }

    /** What billing providers charged against the price book, per provider, over the last 30 days. */
    @GET
    @Path("drift")
    @Produces(MediaType.APPLICATION_JSON)
    public BillingDrift drift() {
        if (!user.operator()) {
            throw new ForbiddenException("Only platform operators can see billing drift.");
        }
        return ledger.drift(30);
    }
}
