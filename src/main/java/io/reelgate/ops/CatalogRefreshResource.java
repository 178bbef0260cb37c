package io.reelgate.ops;

import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.identity.CurrentUser;
import io.reelgate.provider.CatalogUpdates;
import io.reelgate.provider.openrouter.CatalogComparison;
import io.reelgate.team.ChangeRefused;
import io.reelgate.web.Flash;

/**
 * An OpenRouter provider's catalog refresh on the operator console ({@code /ops}, operators only):
 * "Check OpenRouter's list" shows the comparison and changes nothing; "Apply" stores exactly the
 * list shown (its hash) as the provider's catalog; "Revert to configuration" removes it.
 */
@Path("/ops/providers/{name}/catalog")
public class CatalogRefreshResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance comparison(String provider, CatalogComparison comparison, String error,
                long checkEverySeconds);
    }

    private final CatalogRefresh refresh;
    private final CatalogUpdates updates;
    private final CurrentUser currentUser;

    CatalogRefreshResource(CatalogRefresh refresh, CatalogUpdates updates, CurrentUser currentUser) {
        this.refresh = refresh;
        this.updates = updates;
        this.currentUser = currentUser;
    }

    @POST
    @Path("check")
    @Produces(MediaType.TEXT_HTML)
    public Response check(@PathParam("name") String name) {
        try {
            return Response.ok(page(name, refresh.compare(name), null)).build();
        } catch (ChangeRefused e) {
            return Flash.error(e.getMessage()).redirectTo("/ops");
        }
    }

    @POST
    @Path("apply")
    @Produces(MediaType.TEXT_HTML)
    public Response apply(@PathParam("name") String name, @FormParam("hash") String hash) {
        try {
            refresh.apply(name, hash == null ? "" : hash, currentUser.id());
        } catch (ChangeRefused e) {
            if (e.status() == 409) {
                return Response.status(409).entity(page(name, refresh.compare(name), e.getMessage())).build();
            }
            return Flash.error(e.getMessage()).redirectTo("/ops");
        }
        return Flash.success("OpenRouter's list is now the catalog of " + name + ": new estimates and admissions use "
                + "its prices; jobs already admitted keep theirs.").redirectTo("/ops");
    }

    @POST
    @Path("revert")
    @Produces(MediaType.TEXT_HTML)
    public Response revert(@PathParam("name") String name) {
        boolean reverted = refresh.revert(name, currentUser.id());
        return Flash.success(reverted ? name + " uses its configured catalog again."
                : name + " already uses its configured catalog.").redirectTo("/ops");
    }

    private TemplateInstance page(String name, CatalogComparison comparison, String error) {
        return Templates.comparison(name, comparison, error, updates.config().checkEvery().toSeconds());
    }
}
