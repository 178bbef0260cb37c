package io.reelgate.provider.vertex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** The inline video of a Vertex operation, decoded from the JSON as it streams. */
class InlineVideoTest {

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] decode(String json) throws IOException {
        try (InputStream in = InlineVideo.open(new ByteArrayInputStream(json.getBytes(StandardCharsets.US_ASCII)))) {
            return in.readAllBytes();
        }
    }

    @Test
    void decodesTheFirstInlineVideoWhateverItsSizeAndSurroundings() throws IOException {
        for (int size : new int[] { 0, 1, 2, 3, 1000, 256 * 1024 * 3 + 7, 3_000_001 }) {
            byte[] video = bytes(size, size);
            String json = "{\"name\":\"projects/p/operations/x\",\"done\": true,\"response\":{\"videos\":[{\"mimeType\":"
                    + "\"video/mp4\",\"bytesBase64Encoded\" :  \"" + Base64.getEncoder().encodeToString(video)
                    + "\"},{\"bytesBase64Encoded\":\"AAAA\"}]}}";
            assertThat(decode(json)).as("%d bytes", size).isEqualTo(video);
        }
    }

    @Test
    void undoesJsonEscapesAndLineBreaksInTheBase64Text() throws IOException {
        byte[] video = bytes(5000, 7);
        String mime = Base64.getMimeEncoder().encodeToString(video).replace("\r\n", "\\r\\n").replace("/", "\\/");
        assertThat(decode("{\"response\":{\"videos\":[{\"bytesBase64Encoded\":\"" + mime + "\"}]}}")).isEqualTo(video);
    }

    @Test
    void refusesAnAnswerWithoutInlineVideoOrWithBrokenText() {
        assertThatThrownBy(() -> decode("{\"done\":true,\"response\":{\"videos\":[{\"gcsUri\":\"gs://b/o\"}]}}"))
                .isInstanceOf(IOException.class).hasMessageContaining("no inline video");
        assertThatThrownBy(() -> decode("{\"bytesBase64Encoded\":\"AAAA")).isInstanceOf(IOException.class)
                .hasMessageContaining("closing quote");
        assertThatThrownBy(() -> decode("{\"bytesBase64Encoded\":\"AA*A\"}")).isInstanceOf(IOException.class)
                .hasMessageContaining("not valid base64");
    }
}
