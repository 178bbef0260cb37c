package io.reelgate.provider;

import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

/** A streamed download; close it (or its stream) when done. */
public record VideoContent(InputStream body, String contentType, OptionalLong length) implements AutoCloseable {

    @Override
    public void close() throws IOException {
        body.close();
    }
}
