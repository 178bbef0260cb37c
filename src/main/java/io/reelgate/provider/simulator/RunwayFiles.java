package io.reelgate.provider.simulator;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The simulated Runway's files: uploads ({@code POST /v1/uploads} hands out a target and form
 * fields; the form posted there with the right fields and a file makes a {@code runway://} URI) and
 * the pre-signed output URLs it hands out, each valid until its own moment.
 */
final class RunwayFiles {

    /** Uploaded images by their {@code runway://} URI. */
    private final Map<String, byte[]> uploads = new ConcurrentHashMap<>();
    /** Upload targets handed out, by token: the key that asked, waiting for the form. */
    private final Map<String, String> targets = new ConcurrentHashMap<>();
    /** Output URL tokens handed out → until when (epoch ms). */
    private final Map<String, Long> signed = new ConcurrentHashMap<>();

    Map<String, Object> startUpload(String key, JsonNode body, String root) {
        String filename = body == null ? "" : body.path("filename").asText("");
        if (filename.isBlank() || !"ephemeral".equals(body.path("type").asText(""))) {
            throw FlatFailure.of(400, "filename and type 'ephemeral' are required.");
        }
        String token = SoraSimulator.newId("");
        targets.put(token, key);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("key", "uploads/" + token + "/" + filename);
        fields.put("x-amz-signature", signature(token));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("uploadUrl", root + "/sim/runway/upload/" + token);
        answer.put("fields", fields);
        answer.put("runwayUri", "runway://uploads/" + token);
        return answer;
    }

    /** The form posted to an upload target: the handed-out {@code key} and signature, and a file. */
    void finishUpload(String token, String fieldKey, String signature, byte[] file) {
        if (targets.remove(token) == null) {
            throw FlatFailure.of(403, "Invalid upload target.");
        }
        if (fieldKey == null || !fieldKey.startsWith("uploads/" + token + "/") || !signature(token).equals(signature)
                || file == null || file.length == 0) {
            throw FlatFailure.of(400, "The form needs the handed-out fields and a file.");
        }
        uploads.put("runway://uploads/" + token, file);
    }

    /** An uploaded image, or null. */
    byte[] upload(String uri) {
        return uploads.get(uri);
    }

    /** A new output token valid for {@code ttl} from now (zero: already expired). */
    String sign(Duration ttl) {
        String token = SoraSimulator.newId("");
        signed.put(token, ttl.isZero() ? 0L : System.currentTimeMillis() + ttl.toMillis());
        return token;
    }

    boolean signed(String token) {
        return signed.containsKey(token);
    }

    boolean expired(String token) {
        return signed.getOrDefault(token, 0L) < System.currentTimeMillis();
    }

    private static String signature(String token) {
        return "sim-" + token.substring(0, 8);
    }
}
