package io.reelgate.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import io.reelgate.testing.Login;
import io.restassured.builder.ResponseBuilder;
import io.restassured.response.Response;

/**
 * Requests no HTTP client would send — a multipart body cut short with a correct Content-Length,
 * a chunked body that ends mid-part — written byte for byte over a socket, and the answer read back
 * as a REST Assured {@link Response}.
 */
final class RawHttp {

    private RawHttp() {
    }

    /** POSTs {@code body} as it is, with a Content-Length that matches it. */
    static Response post(String path, String key, String contentType, byte[] body) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
        return send(concat(head.getBytes(StandardCharsets.ISO_8859_1), body));
    }

    /** POSTs {@code body} in chunked encoding, properly terminated, so the body itself is what is cut short. */
    static Response postChunked(String path, String key, String contentType, byte[] body) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: " + contentType + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(body.length) + "\r\n";
        return send(concat(concat(head.getBytes(StandardCharsets.ISO_8859_1), body),
                "\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1)));
    }

    /**
     * Declares a body of {@code declared} bytes but sends only {@code start}: a server must answer
     * from the header alone, without waiting for (or reading) the rest.
     */
    static Response postDeclared(String path, String key, String contentType, long declared, byte[] start) {
        String head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + key
                + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + declared + "\r\n\r\n";
        return send(concat(head.getBytes(StandardCharsets.ISO_8859_1), start));
    }

    private static Response send(byte[] request) {
        URI base = URI.create(Login.baseUrl());
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return parse(socket.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status line, the headers and the body: Content-Length bytes of it when declared, else up to the close. */
    private static Response parse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IllegalStateException("no HTTP answer: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        ResponseBuilder response = new ResponseBuilder().setStatusCode(Integer.parseInt(lines[0].split(" ")[1]))
                .setStatusLine(lines[0]);
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Type")) {
                response.setContentType(value);
            } else if (name.equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(value);
            }
        }
        byte[] body = length >= 0 ? in.readNBytes(length) : in.readAllBytes();
        return response.setBody(new String(body, StandardCharsets.UTF_8)).build();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.write(a, 0, a.length);
        out.write(b, 0, b.length);
        return out.toByteArray();
    }
}
