package io.reelgate.provider.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** A rendered clip a simulated API serves: its file and length, answered as {@code video/mp4}. */
record Mp4File(Path path, long length) {

    /** The clip's video file. */
    static Mp4File of(ClipRenderer.Clip clip) {
        try {
            return new Mp4File(clip.video(), Files.size(clip.video()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A streamed {@code 200 video/mp4} with its {@code Content-Length}. */
    Response response() throws IOException {
        return Response.ok(Files.newInputStream(path), "video/mp4").header(HttpHeaders.CONTENT_LENGTH, length).build();
    }
}
