package io.reelgate.provider.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.reelgate.web.LocalServer;

/**
 * The simulated Cloud Storage behind Vertex's {@code storageUri} results: the objects the simulated
 * Veo wrote, served by the JSON API ({@code storage/v1/b/{bucket}/o/{object}}, metadata or
 * {@code alt=media}) and deleted by it, as {@code storage.googleapis.com} does.
 */
@ApplicationScoped
class VertexStorage {

    /** An object of the simulated Cloud Storage. */
    record StoredObject(String bucket, String name, Path path, long size, long generation, Instant created) {
    }

    private final SimulatorConfig config;
    private final LocalServer local;
    private final Map<String, StoredObject> objects = new ConcurrentHashMap<>();

    VertexStorage(SimulatorConfig config, LocalServer local) {
        this.config = config;
        this.local = local;
    }

    void put(StoredObject object) {
        objects.put(object.bucket() + "/" + object.name(), object);
    }

    /** The object at {@code bucket/name}, or null. */
    StoredObject find(String bucketAndName) {
        return objects.get(bucketAndName);
    }

    int count() {
        return objects.size();
    }

    StoredObject object(String bucket, String object) {
        StoredObject stored = objects.get(bucket + "/" + object);
        if (stored == null) {
            throw VertexFailure.storage(404, "notFound", "No such object: " + bucket + "/" + object);
        }
        return stored;
    }

    void delete(String bucket, String object) {
        if (objects.remove(bucket + "/" + object) == null) {
            throw VertexFailure.storage(404, "notFound", "No such object: " + bucket + "/" + object);
        }
    }

    /** The object resource of the JSON API ({@code storage#object}); numbers are strings, as Google sends them. */
    Map<String, Object> metadata(StoredObject object) {
        String path = "/b/" + object.bucket() + "/o/" + URLEncoder.encode(object.name(), StandardCharsets.UTF_8)
                .replace("+", "%20");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", "storage#object");
        body.put("id", object.bucket() + "/" + object.name() + "/" + object.generation());
        body.put("selfLink", base() + "/storage/v1" + path);
        body.put("mediaLink", base() + "/download/storage/v1" + path + "?generation=" + object.generation() + "&alt=media");
        body.put("name", object.name());
        body.put("bucket", object.bucket());
        body.put("generation", String.valueOf(object.generation()));
        body.put("metageneration", "1");
        body.put("contentType", "video/mp4");
        body.put("storageClass", "STANDARD");
        body.put("size", String.valueOf(object.size()));
        body.put("timeCreated", object.created().toString());
        body.put("updated", object.created().toString());
        return body;
    }

    private String base() {
        return config.publicUrl().orElseGet(local::url) + "/sim/vertex";
    }
}
