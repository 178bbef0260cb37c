package io.reelgate.provider.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelgate.web.CsrfExempt;

/**
 * The simulated Runway API under {@code /sim/runway}: {@code /v1} as Runway serves it (Bearer key
 * and {@code X-Runway-Version}), {@code /upload/{token}} as the upload target (a multipart form,
 * no key) and {@code /outputs} as the pre-signed output URLs (no key). Faults are the shared ones
 * of {@code /sim/admin/faults}.
 */
@Path("/sim/runway")
@CsrfExempt
@Produces(MediaType.APPLICATION_JSON)
public class RunwaySimulatorApi {

    private static final String VERSION = "X-Runway-Version";

    private final RunwaySimulator simulator;

    RunwaySimulatorApi(RunwaySimulator simulator) {
        this.simulator = simulator;
    }

    @POST
    @Path("v1/text_to_video")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> textToVideo(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(VERSION) String version, JsonNode body) {
        return simulator.create(begin(auth, version), body, false);
    }

    @POST
    @Path("v1/image_to_video")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> imageToVideo(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(VERSION) String version, JsonNode body) {
        return simulator.create(begin(auth, version), body, true);
    }

    @GET
    @Path("v1/tasks/{id}")
    public Map<String, Object> task(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(VERSION) String version, @PathParam("id") String id) {
        return simulator.retrieve(begin(auth, version), id);
    }

    @DELETE
    @Path("v1/tasks/{id}")
    public Response delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @HeaderParam(VERSION) String version,
            @PathParam("id") String id) {
        simulator.delete(begin(auth, version), id);
        return Response.noContent().build();
    }

    /** The organization's credit balance, tier and usage: what "Test connection" reads. */
    @GET
    @Path("v1/organization")
    public Map<String, Object> organization(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(VERSION) String version) {
        return simulator.organization(begin(auth, version));
    }

    @POST
    @Path("v1/uploads")
    @Consumes(MediaType.WILDCARD)
    public Map<String, Object> upload(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @HeaderParam(VERSION) String version, JsonNode body) {
        return simulator.startUpload(begin(auth, version), body);
    }

    /** The upload target: the handed-out form fields and the file, no key. */
    @POST
    @Path("upload/{token}")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadTarget(@PathParam("token") String token, @RestForm("key") String key,
            @RestForm("x-amz-signature") String signature, @RestForm("file") FileUpload file) throws IOException {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        simulator.finishUpload(token, key, signature, file == null ? null : Files.readAllBytes(file.uploadedFile()));
        return Response.noContent().build();
    }

    /** A pre-signed output URL: no key, valid until it expires. */
    @GET
    @Path("outputs/{id}/{token}.mp4")
    @Produces({ "video/mp4", MediaType.APPLICATION_JSON })
    public Response output(@PathParam("id") String id, @PathParam("token") String token) throws IOException {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        return simulator.output(id, token).response();
    }

    private String begin(String auth, String version) {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        return simulator.authorize(auth, version);
    }

    @ServerExceptionMapper
    public Response failure(FlatFailure failure) {
        return failure.toResponse();
    }
}
