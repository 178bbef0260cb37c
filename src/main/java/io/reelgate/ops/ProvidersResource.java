package io.reelgate.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.reelgate.audit.AuditTrail;
import io.reelgate.identity.CurrentUser;
import io.reelgate.provider.PriceVersions;
import io.reelgate.provider.ProviderResult;
import io.reelgate.provider.Providers;
import io.reelgate.provider.SetupRefused;
import io.reelgate.web.Flash;

/**
 * The operator console's providers ({@code /ops/providers}, operators only): the list with where
 * each provider's settings come from, adding and editing console providers, enabling and disabling
 * them, "Test connection", dated prices per model, re-sealing secrets and the export as properties.
 */
@Path("/ops/providers")
public class ProvidersResource {

    /** The largest service-account key file accepted (they are about 2.3 KB). */
    private static final long MAX_KEY_FILE = 64 * 1024;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance providers(List<ProviderPages.Row> rows, List<AuditTrail.Entry> changes, String keyStatus,
                long oldSecrets, List<String> types);

        static native TemplateInstance form(ProviderPages.FormView form, List<String> types, boolean simulatorAvailable,
                String error);

        static native TemplateInstance prices(String provider, String label, List<ProviderPages.PriceRow> now,
                List<io.reelgate.provider.ModelCatalog.Model> models, List<String> keys, List<PriceVersions.Version> history,
                ProviderPages pages, String error);
    }

    private final ProviderConsole console;
    private final ProviderPages pages;
    private final Providers providers;
    private final CurrentUser currentUser;

    ProvidersResource(ProviderConsole console, ProviderPages pages, Providers providers, CurrentUser currentUser) {
        this.console = console;
        this.pages = pages;
        this.providers = providers;
        this.currentUser = currentUser;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance list() {
        long old = console.sealedWithOldKeys();
        return Templates.providers(pages.rows(), pages.changes(), pages.keyStatus(old), old, pages.types());
    }

    @GET
    @Path("new")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance blank(@QueryParam("type") String type) {
        return Templates.form(pages.blank(type == null ? "vertex" : type), pages.types(), pages.simulatorAvailable(), null);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    public Response create(@RestForm String name, @RestForm String type, @RestForm String label, @RestForm String baseUrl,
            @RestForm String apiKey, @RestForm String webhookSecrets, @RestForm("keyFile") FileUpload keyFile,
            @RestForm String upstreamRpm, @RestForm String simulated, @RestForm String properties,
            @RestForm("models") List<String> models) {
        ProviderConsole.Form form = new ProviderConsole.Form(name, type, label, baseUrl, apiKey, webhookSecrets, null,
                upstreamRpm, "on".equals(simulated), properties, models);
        try {
            console.create(withKey(form, keyFile), currentUser.id());
        } catch (SetupRefused e) {
            return Response.status(400).entity(Templates.form(pages.retyped(form, false), pages.types(),
                    pages.simulatorAvailable(), e.getMessage())).build();
        }
        return Flash.success(form.name().strip() + " was added: every instance uses it within seconds. Try "
                + "\"Test connection\".").redirectTo("/ops/providers");
    }

    /** The same address posted as a plain form (no file part): a clear refusal, after the operator check like every route here. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public Response createPlain() {
        return notMultipart();
    }

    @POST
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public Response updatePlain(@PathParam("name") String name) {
        return notMultipart();
    }

    private static Response notMultipart() {
        return Response.status(415).entity("The provider form posts as multipart/form-data (it may carry a key file).")
                .build();
    }

    @GET
    @Path("{name}/edit")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance edit(@PathParam("name") String name) {
        ProviderPages.FormView form = pages.stored(name).orElseThrow(() -> new NotFoundException(
                "No console provider " + name));
        return Templates.form(form, pages.types(), pages.simulatorAvailable(), null);
    }

    @POST
    @Path("{name}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    public Response update(@PathParam("name") String name, @RestForm String type, @RestForm String label,
            @RestForm String baseUrl, @RestForm String apiKey, @RestForm String webhookSecrets,
            @RestForm("keyFile") FileUpload keyFile, @RestForm String upstreamRpm, @RestForm String simulated,
            @RestForm String properties, @RestForm("models") List<String> models) {
        ProviderConsole.Form form = new ProviderConsole.Form(name, type, label, baseUrl, apiKey, webhookSecrets, null,
                upstreamRpm, "on".equals(simulated), properties, models);
        try {
            console.update(name, withKey(form, keyFile), currentUser.id());
        } catch (SetupRefused e) {
            return Response.status(400).entity(Templates.form(pages.retyped(form, true), pages.types(),
                    pages.simulatorAvailable(), e.getMessage())).build();
        }
        return Flash.success(name + " was saved: new jobs use the new settings within seconds on every instance; jobs "
                + "already sent finish as they are.").redirectTo("/ops/providers");
    }

    @POST
    @Path("{name}/enable")
    public Response enable(@PathParam("name") String name) {
        return enabled(name, true);
    }

    @POST
    @Path("{name}/disable")
    public Response disable(@PathParam("name") String name) {
        return enabled(name, false);
    }

    private Response enabled(String name, boolean on) {
        try {
            console.enable(name, on, currentUser.id());
        } catch (SetupRefused e) {
            return Flash.error(e.getMessage()).redirectTo("/ops/providers");
        }
        return Flash.success(on ? name + " takes new videos again." : name + " takes no new videos; the jobs it already "
                + "accepted finish.").redirectTo("/ops/providers");
    }

    @POST
    @Path("{name}/test")
    public Response test(@PathParam("name") String name) {
        Optional<io.reelgate.provider.VideoProvider> p = providers.tracking(name);
        if (p.isEmpty()) {
            return Flash.error("No provider " + name + " is running here" + (providers.disabled(name) ? " (it is disabled)"
                    : "")).redirectTo("/ops/providers");
        }
        ProviderResult<String> result = p.get().testConnection();
        return result.isOk() ? Flash.success(providers.label(name) + ": " + result.value()).redirectTo("/ops/providers")
                : Flash.error(providers.label(name) + ": " + result.error().message()).redirectTo("/ops/providers");
    }

    @GET
    @Path("{name}/prices")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance prices(@PathParam("name") String name) {
        return pricesPage(name, null);
    }

    @POST
    @Path("{name}/prices")
    @Produces(MediaType.TEXT_HTML)
    public Response setPrice(@PathParam("name") String name, @RestForm String model, @RestForm String key,
            @RestForm String usd, @RestForm String usdWithAudio, @RestForm String from, @RestForm String note) {
        try {
            Instant at = from == null || from.isBlank() ? null : parseUtc(from);
            console.price(name, model, key, usd, usdWithAudio, at, note, currentUser.id());
        } catch (SetupRefused e) {
            return Response.status(400).entity(pricesPage(name, e.getMessage())).build();
        }
        return Flash.success("The new price of " + model + " " + key + " was saved. Jobs admitted before it takes effect keep "
                + "the price they were admitted at.").redirectTo("/ops/providers/" + name + "/prices");
    }

    @POST
    @Path("reseal")
    public Response reseal() {
        try {
            int n = console.reseal(currentUser.id());
            return Flash.success(n + " secret" + (n == 1 ? " was" : "s were") + " sealed again with the current key.")
                    .redirectTo("/ops/providers");
        } catch (SetupRefused e) {
            return Flash.error(e.getMessage()).redirectTo("/ops/providers");
        }
    }

    @GET
    @Path("export")
    @Produces("text/plain; charset=utf-8")
    public Response export() {
        return Response.ok(pages.export()).header("Content-Disposition", "attachment; filename=\"reelgate-providers.properties\"")
                .build();
    }

    private TemplateInstance pricesPage(String name, String error) {
        if (providers.find(name).isEmpty()) {
            throw new NotFoundException("No enabled provider " + name);
        }
        return Templates.prices(name, providers.label(name), pages.pricesNow(name), pages.priceableModels(name),
                pages.priceKeys(name), pages.history(name), pages, error);
    }

    private static Instant parseUtc(String text) {
        try {
            return LocalDateTime.parse(text.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new SetupRefused("\"From\" must be a date and time, e.g. 2026-12-08T00:00 (UTC)");
        }
    }

    private static ProviderConsole.Form withKey(ProviderConsole.Form f, FileUpload keyFile) {
        if (keyFile == null || keyFile.size() == 0) {
            return f;
        }
        if (keyFile.size() > MAX_KEY_FILE) {
            throw new SetupRefused("The key file is larger than 64 KB; a service-account key file is about 2 KB");
        }
        try {
            String json = Files.readString(keyFile.uploadedFile());
            return new ProviderConsole.Form(f.name(), f.type(), f.label(), f.baseUrl(), f.apiKey(), f.webhookSecrets(), json,
                    f.upstreamRpm(), f.simulated(), f.properties(), f.models());
        } catch (IOException e) {
            throw new SetupRefused("The key file could not be read");
        }
    }
}
