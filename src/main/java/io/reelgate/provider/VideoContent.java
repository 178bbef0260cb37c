package io.reelgate.provider;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/** A streamed download; close it (or its stream) when done. */
public record VideoContent(InputStream body, String contentType, OptionalLong length) implements AutoCloseable {

    /** A streamed answer with its {@code Content-Type} (an MP4 when it says none) and {@code Content-Length}. */
    public static VideoContent of(java.net.http.HttpResponse<InputStream> response) {
        return new VideoContent(response.body(), response.headers().firstValue("Content-Type").orElse("video/mp4"),
                response.headers().firstValueAsLong("Content-Length"));
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
