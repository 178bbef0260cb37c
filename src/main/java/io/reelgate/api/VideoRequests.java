package io.reelgate.api;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.jboss.resteasy.reactive.server.multipart.FormValue;
import org.jboss.resteasy.reactive.server.multipart.MultipartFormDataInput;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.reelgate.provider.InputImage;

/**
 * The strict reading of {@code /v1/videos} request bodies (docs/api.md, "Strictness"): one JSON
 * object and nothing after it, no repeated keys or form parts, no field or part the API does not
 * know (a misspelt {@code image_url} must not make and charge a video without its image), and
 * {@code model}, {@code size}, {@code seconds} exactly as sent — refused, never trimmed, when they
 * carry surrounding whitespace or control characters.
 */
final class VideoRequests {

    static final long MAX_IMAGE = 20L * 1024 * 1024;
    private static final List<String> CREATE_FIELDS = List.of("model", "prompt", "size", "seconds", "input_reference",
            "reelgate_extends");
    private static final Set<String> REFERENCE_FIELDS = Set.of("image_url", "file_id");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private VideoRequests() {
    }

    /** A JSON create body. */
    static CreateVideoRequest create(byte[] raw) {
        JsonNode body = object(raw);
        known(body, CREATE_FIELDS, null);
        CreateVideoRequest.ImageReference reference = null;
        JsonNode node = body.get("input_reference");
        if (node != null && !node.isNull()) {
            if (!node.isObject()) {
                throw invalidType("input_reference", "an object {\"image_url\": \"data:…\"}", node);
            }
            known(node, REFERENCE_FIELDS, "input_reference.");
            if (node.has("file_id")) {
                throw ApiException.invalid("input_reference.file_id", "invalid_value", "Reelgate has no Files API: send "
                        + "input_reference as {\"image_url\": \"data:<type>;base64,<bytes>\"} or as a file part.");
            }
            reference = new CreateVideoRequest.ImageReference(string(node, "image_url", "input_reference.image_url"));
        }
        return new CreateVideoRequest(exact("model", string(body, "model", "model")), string(body, "prompt", "prompt"),
                exact("size", string(body, "size", "size")), seconds(body.get("seconds")), reference,
                exact("reelgate_extends", string(body, "reelgate_extends", "reelgate_extends")));
    }

    /** A JSON remix body. */
    static RemixVideoRequest remix(byte[] raw) {
        JsonNode body = object(raw);
        known(body, List.of("prompt"), null);
        return new RemixVideoRequest(string(body, "prompt", "prompt"));
    }

    /** A JSON create as the service takes it, with its input reference decoded. */
    static ApiVideos.Create toCreate(CreateVideoRequest request) {
        InputImage image = null;
        if (request.inputReference() != null) {
            String url = request.inputReference().imageUrl();
            if (url == null || !url.startsWith("data:") || !url.contains(";base64,")) {
                throw ApiException.invalid("input_reference", "invalid_value", "input_reference must be "
                        + "{\"image_url\": \"data:<type>;base64,<bytes>\"} (Reelgate fetches no remote URLs; file ids are "
                        + "not supported), or a file part of a multipart request.");
            }
            try {
                image = image("reference", Base64.getDecoder().decode(url.substring(url.indexOf(";base64,") + 8)));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalid("input_reference", "invalid_value", "input_reference is not valid base64.");
            }
        }
        return new ApiVideos.Create(request.model(), request.prompt(), request.size(), request.seconds(), image,
                request.reelgateExtends());
    }

    /** A multipart create: each known part at most once, text parts as text and the reference as a file. */
    static ApiVideos.Create create(MultipartFormDataInput form) {
        Map<String, Collection<FormValue>> parts = form.getValues();
        for (var part : parts.entrySet()) {
            if (part.getKey() == null) {
                throw ApiException.invalid(null, "invalid_multipart", "A form part has no name; every part needs "
                        + "Content-Disposition: form-data; name=\"…\".");
            }
            if (!CREATE_FIELDS.contains(part.getKey())) {
                throw unknown(part.getKey(), "form part");
            }
            if (part.getValue().size() > 1) {
                throw ApiException.invalid(part.getKey(), "invalid_request", "The form part '" + part.getKey()
                        + "' is sent " + part.getValue().size() + " times; send it once.");
            }
        }
        InputImage image = null;
        FormValue file = one(parts, "input_reference");
        if (file != null) {
            if (!file.isFileItem()) {
                throw ApiException.invalid("input_reference", "invalid_type", "input_reference must be a file part "
                        + "(with a filename), or {\"image_url\": \"data:…\"} in a JSON request.");
            }
            image = image(file);
        }
        return new ApiVideos.Create(exact("model", text(parts, "model")), text(parts, "prompt"),
                exact("size", text(parts, "size")), seconds(exact("seconds", text(parts, "seconds"))), image,
                exact("reelgate_extends", text(parts, "reelgate_extends")));
    }

    /** The body as one JSON object: valid UTF-8, no repeated key (which one would count?), nothing after it. */
    private static JsonNode object(byte[] raw) {
        if (raw == null || raw.length == 0) {
            throw ApiException.invalid(null, "invalid_json", "The body must be a JSON object.");
        }
        try (JsonParser parser = STRICT_JSON.createParser(raw)) {
            JsonNode body;
            try {
                body = STRICT_JSON.readTree(parser);
            } catch (JsonProcessingException e) {
                throw ApiException.invalid(null, "invalid_request", "The body is not valid JSON: " + e.getOriginalMessage());
            }
            if (body == null || !body.isObject()) {
                throw ApiException.invalid(null, "invalid_json", "The body must be a JSON object.");
            }
            boolean more;
            try {
                more = parser.nextToken() != null;
            } catch (JsonProcessingException e) {
                more = true;
            }
            if (more) {
                throw ApiException.invalid(null, "invalid_json", "The body must be exactly one JSON object; there is "
                        + "more after it.");
            }
            return body;
        } catch (IOException e) {
            throw ApiException.invalid(null, "invalid_request", "The body is not valid JSON: " + e.getMessage());
        }
    }

    private static void known(JsonNode object, Collection<String> fields, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw unknown(prefix == null ? name : prefix + name, "parameter");
            }
        }
    }

    private static ApiException unknown(String name, String what) {
        String hint = name.equals("image_url") ? " To start from an image, send \"input_reference\": {\"image_url\": "
                + "\"data:…\"} or a file part named input_reference." : "";
        return ApiException.invalid(name, "unknown_parameter", "Unknown " + what + ": '" + name + "'." + hint);
    }

    /** A string field (absent or null: null); any other JSON type is refused, as OpenAI's API refuses it. */
    private static String string(JsonNode body, String field, String param) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalidType(param, "a string", value);
        }
        return value.asText();
    }

    private static ApiException invalidType(String param, String expected, JsonNode value) {
        return ApiException.invalid(param, "invalid_type", "Invalid type for '" + param + "': expected " + expected
                + ", but got " + value.getNodeType().name().toLowerCase(Locale.ROOT) + ".");
    }

    /** {@code seconds} in JSON: a string of digits (see {@link #seconds(String)}) or an integer. */
    private static Integer seconds(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return seconds(exact("seconds", value.asText()));
        }
        if (!value.isIntegralNumber()) {
            throw invalidType("seconds", "a whole number of seconds, as a string (\"8\") or an integer (8)", value);
        }
        if (!value.canConvertToInt() || value.intValue() < 1 || value.intValue() > 9999) {
            throw ApiException.invalid("seconds", "invalid_value", "Invalid value for 'seconds': " + value
                    + ". Send a whole number of seconds from 1 to 9999.");
        }
        return value.intValue();
    }

    /**
     * {@code seconds} as text: digits only and no leading zero. OpenAI compares {@code seconds} with
     * its offered values as strings, so "08" is not "8" there; accepting it here would let a program
     * work against Reelgate that fails against OpenAI.
     */
    private static Integer seconds(String text) {
        if (text == null) {
            return null;
        }
        if (!DIGITS.matcher(text).matches()) {
            throw ApiException.invalid("seconds", "invalid_type", "Invalid value for 'seconds': '" + text
                    + "'. Send a whole number of seconds, as a string (\"8\") or an integer (8).");
        }
        if (text.startsWith("0") || text.length() > 4) {
            throw ApiException.invalid("seconds", "invalid_value", "Invalid value for 'seconds': '" + text
                    + "'. Send a whole number of seconds from 1 to 9999 without leading zeros (\"8\", not \"08\").");
        }
        return Integer.parseInt(text);
    }

    /**
     * {@code model}, {@code size} and {@code seconds} exactly as sent: an empty value, a control or
     * format character, or surrounding whitespace is refused rather than repaired, so what is charged
     * is what was asked for.
     */
    static String exact(String param, String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            throw ApiException.invalid(param, "invalid_value", "'" + param + "' is empty; leave it out for the default.");
        }
        if (value.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT)) {
            throw ApiException.invalid(param, "invalid_value", "'" + param + "' contains a control character.");
        }
        if (space(value.codePointAt(0)) || space(value.codePointBefore(value.length()))) {
            throw ApiException.invalid(param, "invalid_value", "'" + param + "' has leading or trailing whitespace; "
                    + "Reelgate does not trim it. Send the value exactly, e.g. 'sora-2' or '1280x720'.");
        }
        return value;
    }

    private static boolean space(int c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c);
    }

    private static FormValue one(Map<String, Collection<FormValue>> parts, String name) {
        Collection<FormValue> values = parts.get(name);
        return values == null || values.isEmpty() ? null : values.iterator().next();
    }

    private static String text(Map<String, Collection<FormValue>> parts, String name) {
        FormValue value = one(parts, name);
        if (value == null) {
            return null;
        }
        if (value.isFileItem()) {
            throw ApiException.invalid(name, "invalid_type", "'" + name + "' must be a text part, not a file.");
        }
        return value.getValue();
    }

    private static InputImage image(FormValue file) {
        try {
            long size = file.getFileItem().getFileSize();
            if (size > MAX_IMAGE) {
                throw ApiException.invalid("input_reference", "file_too_large", "input_reference must be at most 20 MB.");
            }
            try (InputStream in = file.getFileItem().getInputStream()) {
                return image(file.getFileName() == null || file.getFileName().isBlank() ? "reference" : file.getFileName(),
                        in.readAllBytes());
            }
        } catch (IOException e) {
            throw ApiException.invalid("input_reference", "invalid_image_format", "input_reference could not be read.");
        }
    }

    private static InputImage image(String name, byte[] bytes) {
        return InputImage.of(name, bytes).orElseThrow(() -> ApiException.invalid("input_reference",
                "invalid_image_format", "Invalid file format for 'input_reference'. Supported formats are: image/jpeg, "
                        + "image/png, and image/webp."));
    }
}
