package io.reelgate.videos;

import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import io.reelgate.generation.VideoAsset;
import io.reelgate.storage.ObjectStore;

/**
 * Serves a stored asset to a browser: by redirect to a presigned URL, or by streaming it through
 * this app with HTTP Range support (RFC 9110): one range answers 206 with Content-Range; several
 * ranges answer the whole body with 200; an unsatisfiable range answers 416; the ETag is the
 * content's SHA-256 and a matching If-None-Match answers 304. Bodies are streamed from the store;
 * nothing is buffered whole.
 */
@ApplicationScoped
public class MediaDelivery {

    private static final Pattern SINGLE_RANGE = Pattern.compile("^bytes=(\\d*)-(\\d*)$");

    private final ObjectStore store;
    private final GalleryConfig config;

    MediaDelivery(ObjectStore store, GalleryConfig config) {
        this.store = store;
        this.config = config;
    }

    /** A response for the asset; {@code downloadName} set makes it an attachment. */
    public Response deliver(VideoAsset asset, HttpHeaders headers, String downloadName) {
        if (config.delivery() == GalleryConfig.Delivery.REDIRECT) {
            Map<String, String> overrides = downloadName == null ? Map.of()
                    : Map.of("response-content-disposition", "attachment; filename=\"" + downloadName + "\"");
            String url = store.presignedGet(asset.objectKey, config.presignTtl(), overrides);
            long cacheSeconds = Math.max(0, config.presignTtl().minus(Duration.ofMinutes(5)).toSeconds());
            return Response.seeOther(URI.create(url)).header("Cache-Control", "private, max-age=" + cacheSeconds).build();
        }
        return stream(asset, headers, downloadName);
    }

    /** Streams the asset through the app with Range support. */
    public Response stream(VideoAsset asset, HttpHeaders headers, String downloadName) {
        EntityTag etag = new EntityTag(asset.sha256);
        long size = asset.sizeBytes;
        String ifNoneMatch = headers.getHeaderString(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains("\"" + asset.sha256 + "\"") || ifNoneMatch.trim().equals("*"))) {
            return Response.notModified(etag).header("Accept-Ranges", "bytes").build();
        }
        String range = headers.getHeaderString("Range");
        String ifRange = headers.getHeaderString("If-Range");
        boolean honourRange = range != null && (ifRange == null || ifRange.contains("\"" + asset.sha256 + "\""));
        Response.ResponseBuilder response;
        if (honourRange) {
            Optional<long[]> span = parse(range.trim(), size);
            if (span == null) {
                response = full(asset, size); // several ranges, or a form we do not serve: the whole body
            } else if (span.isEmpty()) {
                return Response.status(416).header("Content-Range", "bytes */" + size).header("Accept-Ranges", "bytes")
                        .tag(etag).build();
            } else {
                long start = span.get()[0];
                long end = span.get()[1];
                response = Response.status(206).entity(body(asset.objectKey, start, end - start + 1))
                        .header("Content-Range", "bytes " + start + "-" + end + "/" + size)
                        .header(HttpHeaders.CONTENT_LENGTH, end - start + 1);
            }
        } else {
            response = full(asset, size);
        }
        response.type(asset.contentType).tag(etag).header("Accept-Ranges", "bytes")
                .header("Cache-Control", "private, max-age=3600");
        if (downloadName != null) {
            response.header("Content-Disposition", "attachment; filename=\"" + downloadName + "\"");
        }
        return response.build();
    }

    private Response.ResponseBuilder full(VideoAsset asset, long size) {
        return Response.ok(body(asset.objectKey, 0, null)).header(HttpHeaders.CONTENT_LENGTH, size);
    }

    /**
     * The object's bytes, copied in {@value #CHUNK}-byte chunks: the response's own output buffer
     * (quarkus.rest.output-buffer-size) then hands Vert.x few large writes instead of many small
     * ones. The store is opened only when the body is written.
     */
    private StreamingOutput body(String key, long offset, Long length) {
        return out -> {
            try (InputStream in = store.open(key, offset, length)) {
                byte[] buffer = new byte[CHUNK];
                int n;
                while ((n = in.readNBytes(buffer, 0, CHUNK)) > 0) {
                    out.write(buffer, 0, n);
                }
            }
        };
    }

    private static final int CHUNK = 64 * 1024;

    /**
     * The one byte range asked for as [start, end], empty when unsatisfiable, null when the header
     * asks for several ranges or is malformed (then the whole body is the answer).
     */
    static Optional<long[]> parse(String header, long size) {
        Matcher m = SINGLE_RANGE.matcher(header.replace(" ", ""));
        if (!m.matches()) {
            return null;
        }
        String first = m.group(1);
        String last = m.group(2);
        long start;
        long end;
        if (first.isEmpty()) {
            if (last.isEmpty()) {
                return null;
            }
            long suffix = Long.parseLong(last);
            if (suffix == 0 || size == 0) {
                return Optional.empty();
            }
            start = Math.max(0, size - suffix);
            end = size - 1;
        } else {
            start = Long.parseLong(first);
            end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (start >= size || (!last.isEmpty() && Long.parseLong(last) < start)) {
                return Optional.empty();
            }
        }
        return Optional.of(new long[] { start, end });
    }
}
