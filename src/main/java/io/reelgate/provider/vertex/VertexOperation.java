package io.reelgate.provider.vertex;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.VideoStatus;

/**
 * A {@code google.longrunning.Operation} of Veo's {@code predictLongRunning} as Vertex AI answers
 * {@code fetchPredictOperation} (REFERENCE.md §8): {@code done}, an {@code error}
 * ({@code google.rpc.Status}), or a response with {@code videos[]} ({@code gcsUri} or inline
 * {@code bytesBase64Encoded}, each with {@code mimeType}) and the safety filter's
 * {@code raiMediaFilteredCount}/{@code Reasons}.
 *
 * <p>Read as a stream: an inline result makes the answer as large as the video (a third more), so
 * the base64 text is skipped here, never held; {@link InlineVideo} streams it when the video is copied.
 */
record VertexOperation(String name, boolean done, Status error, List<Video> videos, int filteredCount,
        List<String> filteredReasons) {

    /** {@code google.rpc.Status}: a numeric code, a message, and on HTTP errors the code's name. */
    record Status(int code, String message, String status) {

        /** The code's name in lower case ({@code internal}, {@code invalid_argument}, …). */
        String codeName() {
            if (status != null && !status.isBlank()) {
                return status.toLowerCase();
            }
            return switch (code) {
                case 1 -> "cancelled";
                case 3 -> "invalid_argument";
                case 4 -> "deadline_exceeded";
                case 5 -> "not_found";
                case 7 -> "permission_denied";
                case 8 -> "resource_exhausted";
                case 9 -> "failed_precondition";
                case 13 -> "internal";
                case 14 -> "unavailable";
                default -> "operation_error";
            };
        }
    }

    /** One generated video: in the bucket ({@code gcsUri}) or inline in the operation. */
    record Video(String gcsUri, String mimeType, boolean inline) {
    }

    /** The operation in the port's shape: running, failed with the code's name, filtered, or done with its video. */
    RemoteVideo toRemote() {
        VertexOperation op = this;
        String model = op.name() == null || !op.name().contains("/models/") ? null
                : op.name().substring(op.name().indexOf("/models/") + 8, op.name().indexOf("/operations/"));
        if (!op.done()) {
            return new RemoteVideo(op.name(), model, VideoStatus.IN_PROGRESS, 0, null, null, null, null, 0, null, null,
                    null, null, null, null);
        }
        if (op.error() != null) {
            return new RemoteVideo(op.name(), model, VideoStatus.FAILED, 0, null, Instant.now(), null, null, 0, null, null,
                    null, op.error().codeName(), op.error().message(), null);
        }
        if (op.videos().isEmpty()) {
            boolean filtered = op.filteredCount() > 0;
            String reasons = op.filteredReasons().isEmpty() ? "" : ": " + String.join(" ", op.filteredReasons());
            return new RemoteVideo(op.name(), model, VideoStatus.FAILED, 0, null, Instant.now(), null, null, 0, null, null,
                    null, filtered ? "moderation_blocked" : "no_video",
                    filtered ? "Google's safety filters removed the video" + reasons
                            : "The operation finished without a video.", null);
        }
        VertexOperation.Video video = op.videos().get(0);
        return new RemoteVideo(op.name(), model, VideoStatus.COMPLETED, 100, null, Instant.now(), null, null, 0, null,
                null, null, null, null, video.inline() ? null : video.gcsUri());
    }

    private static final JsonFactory JSON = new JsonFactory();

    static VertexOperation read(InputStream body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            String name = null;
            boolean done = false;
            Status error = null;
            List<Video> videos = new ArrayList<>();
            int filtered = 0;
            List<String> reasons = new ArrayList<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "name" -> name = p.getValueAsString();
                    case "done" -> done = value == JsonToken.VALUE_TRUE;
                    case "error" -> error = status(p);
                    case "response" -> {
                        expect(value, JsonToken.START_OBJECT);
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = p.currentName();
                            JsonToken v = p.nextToken();
                            switch (inner) {
                                case "videos" -> videos(p, v, videos);
                                case "raiMediaFilteredCount" -> filtered = p.getValueAsInt(0);
                                case "raiMediaFilteredReasons" -> strings(p, v, reasons);
                                default -> p.skipChildren();
                            }
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return new VertexOperation(name, done, error, List.copyOf(videos), filtered, List.copyOf(reasons));
        }
    }

    /** A Google error body {@code {"error": {code, message, status, details}}} read the same way; null if it is not one. */
    static Status status(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        int code = 0;
        String message = null;
        String status = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "code" -> code = p.getValueAsInt(0);
                case "message" -> message = p.getValueAsString();
                case "status" -> status = p.getValueAsString();
                default -> p.skipChildren();
            }
        }
        return new Status(code, message, status);
    }

    private static void videos(JsonParser p, JsonToken start, List<Video> into) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
            String gcsUri = null;
            String mimeType = null;
            boolean inline = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "gcsUri" -> gcsUri = p.getValueAsString();
                    case "mimeType" -> mimeType = p.getValueAsString();
                    // its text is skipped by the next token, never read into memory
                    case "bytesBase64Encoded" -> inline = value == JsonToken.VALUE_STRING;
                    default -> p.skipChildren();
                }
            }
            if (gcsUri != null || inline) {
                into.add(new Video(gcsUri, mimeType == null ? "video/mp4" : mimeType, inline && gcsUri == null));
            }
        }
    }

    private static void strings(JsonParser p, JsonToken start, List<String> into) throws IOException {
        if (start != JsonToken.START_ARRAY) {
            p.skipChildren();
            return;
        }
        while (p.nextToken() != JsonToken.END_ARRAY) {
            into.add(p.getValueAsString());
        }
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + " but found " + actual);
        }
    }
}
