package io.reelgate.provider.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;

import io.reelgate.provider.InputImage;

/** How the simulated Vertex reads a {@code predictLongRunning} body's fields, refusing what Google refuses. */
final class VertexInputs {

    private VertexInputs() {
    }

    /** An input frame as {@code bytesBase64Encoded} or a {@code gcsUri} of the simulated storage; null when absent. */
    static byte[] image(VertexStorage storage, String field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        String mime = node.path("mimeType").asText("");
        if (!mime.equals("image/png") && !mime.equals("image/jpeg")) {
            throw VertexFailure.invalid("Unsupported mimeType for " + field + ": '" + mime
                    + "'; supported: image/png, image/jpeg.");
        }
        byte[] bytes;
        if (node.hasNonNull("gcsUri")) {
            String uri = node.get("gcsUri").asText();
            VertexStorage.StoredObject object = uri.startsWith("gs://") ? storage.find(uri.substring(5)) : null;
            if (object == null) {
                throw VertexFailure.invalid("Unable to read " + field + " from " + uri + ": No such object.");
            }
            try {
                bytes = Files.readAllBytes(object.path());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            try {
                bytes = Base64.getDecoder().decode(node.path("bytesBase64Encoded").asText(""));
            } catch (IllegalArgumentException e) {
                throw VertexFailure.invalid(field + ".bytesBase64Encoded is not valid base64.");
            }
        }
        if (InputImage.probe(bytes).isEmpty()) {
            throw VertexFailure.invalid("Unable to process " + field + ": the image could not be decoded.");
        }
        return bytes;
    }

    /** A JSON integer parameter; any other JSON type is refused as protobuf's JSON parser refuses it. */
    static int integer(JsonNode parameters, String field, String protoField, int absent) {
        JsonNode node = parameters.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw VertexFailure.invalid("Invalid value at 'parameters." + protoField + "' (TYPE_INT32), " + node);
        }
        return node.asInt();
    }

    static String text(JsonNode parameters, String field, String absent) {
        JsonNode node = parameters.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isTextual()) {
            throw VertexFailure.invalid("Invalid value at 'parameters." + field + "' (TYPE_STRING), " + node);
        }
        return node.asText();
    }
}
