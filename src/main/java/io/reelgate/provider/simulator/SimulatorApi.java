package io.reelgate.provider.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
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

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import io.reelgate.web.CsrfExempt;

/**
 * The simulated OpenAI Videos API under {@code /sim/v1} (SPEC §2): same paths, parameters, JSON
 * shapes and error bodies as the real one, Bearer-key authentication.
 */
@Path("/sim/v1/videos")
@CsrfExempt
@Produces(MediaType.APPLICATION_JSON)
public class SimulatorApi {

    private static final long MAX_IMAGE = 20L * 1024 * 1024;

    private final SoraSimulator simulator;

    SimulatorApi(SoraSimulator simulator) {
        this.simulator = simulator;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Map<String, Object> createMultipart(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @RestForm String model, @RestForm String prompt, @RestForm String size, @RestForm String seconds,
            @RestForm("input_reference") FileUpload inputReference) {
        String key = begin(auth);
        Map<String, String> fields = new HashMap<>();
        fields.put("model", model);
        fields.put("prompt", prompt);
        fields.put("size", size);
        fields.put("seconds", seconds);
        SoraSimulator.InputImageUpload upload = null;
        if (inputReference != null && inputReference.uploadedFile() != null) {
            if (inputReference.size() > MAX_IMAGE) {
                throw ApiFailure.invalid("input_reference", "file_too_large", "input_reference must be at most 20 MB.");
            }
            try {
                upload = new SoraSimulator.InputImageUpload(inputReference.fileName(), inputReference.contentType(),
                        Files.readAllBytes(inputReference.uploadedFile()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return simulator.create(key, fields, upload);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> createJson(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, Map<String, Object> body) {
        String key = begin(auth);
        Map<String, String> fields = new HashMap<>();
        if (body != null) {
            body.forEach((k, v) -> fields.put(k, v == null ? null : String.valueOf(v)));
        }
        return simulator.create(key, fields, null);
    }

    @GET
    public Map<String, Object> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth,
            @QueryParam("limit") @DefaultValue("20") int limit, @QueryParam("after") String after,
            @QueryParam("order") @DefaultValue("desc") String order) {
        return simulator.list(begin(auth), limit, after, order);
    }

    @GET
    @Path("{id}")
    public Map<String, Object> retrieve(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        return simulator.retrieve(begin(auth), id);
    }

    @DELETE
    @Path("{id}")
    public Map<String, Object> delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id) {
        return simulator.delete(begin(auth), id);
    }

    @POST
    @Path("{id}/remix")
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> remix(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id,
            Map<String, Object> body) {
        String key = begin(auth);
        Object prompt = body == null ? null : body.get("prompt");
        return simulator.remix(key, id, prompt == null ? null : prompt.toString());
    }

    @GET
    @Path("{id}/content")
    @Produces(MediaType.WILDCARD)
    public Response content(@HeaderParam(HttpHeaders.AUTHORIZATION) String auth, @PathParam("id") String id,
            @QueryParam("variant") String variant) {
        SoraSimulator.Content content = simulator.content(begin(auth), id, variant);
        return Response.ok(content.body(), content.contentType())
                .header(HttpHeaders.CONTENT_LENGTH, content.length())
                .build();
    }

    private String begin(String auth) {
        if (!simulator.enabled()) {
            throw new NotFoundException();
        }
        String key = simulator.authorize(auth, false);
        simulator.maybeFail();
        return key;
    }

    @ServerExceptionMapper
    public Response failure(ApiFailure failure) {
        return failure.toResponse();
    }
}
