package io.reelgate.provider.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.provider.CatalogsConfig;
import io.reelgate.provider.ModelCatalog;

/**
 * {@code GET /v1/publishers/google/models/{model}} of the simulated Vertex AI: the publisher model
 * python-genai's {@code models.get()} reads on Vertex (a GET of {@code publishers/…} is sent without
 * project and location, {@code _api_client.py}), and what the adapter's "Test connection" asks for.
 * Fields as Vertex AI's {@code PublisherModel} resource: {@code name}, {@code versionId},
 * {@code openSourceCategory}, {@code launchStage}, {@code versionState}. Known: the catalog's models
 * and the retired ones; others answer 404 {@code NOT_FOUND}.
 */
@ApplicationScoped
class VertexPublisherModels {

    private final SimulatorConfig config;
    private final ModelCatalog catalog;

    VertexPublisherModels(SimulatorConfig config, CatalogsConfig catalogs) {
        this.config = config;
        String name = config.vertex().catalog();
        CatalogsConfig.Catalog source = catalogs.catalogs().get(name);
        this.catalog = source == null ? new ModelCatalog(name, List.of()) : ModelCatalog.from(name, source);
    }

    Map<String, Object> get(String model) {
        String name = "publishers/google/models/" + model;
        boolean retired = config.vertex().retiredModels().contains(model);
        if (catalog.model(model).isEmpty() && !retired) {
            throw VertexFailure.of(404, "NOT_FOUND", "Publisher Model `" + name + "` not found.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("versionId", "default");
        body.put("openSourceCategory", "PROPRIETARY");
        body.put("launchStage", model.contains("preview") || model.contains("lite") ? "PUBLIC_PREVIEW" : "GA");
        body.put("versionState", retired ? "VERSION_STATE_UNSTABLE" : "VERSION_STATE_STABLE");
        return body;
    }
}
