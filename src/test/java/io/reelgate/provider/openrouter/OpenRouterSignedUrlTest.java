package io.reelgate.provider.openrouter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.provider.Backoff;
import io.reelgate.provider.CreateVideo;
import io.reelgate.provider.ProviderHttp;
import io.reelgate.provider.Providers;
import io.reelgate.provider.ProvidersConfig;
import io.reelgate.provider.RemoteVideo;
import io.reelgate.provider.Variant;
import io.reelgate.provider.VideoContent;
import io.reelgate.provider.VideoStatus;

/**
 * The OpenRouter adapter against two stand-in hosts: the API, whose answers name a status URL and a
 * signed result URL on another host, and that other host, which must never see the API key.
 */
@QuarkusTest
class OpenRouterSignedUrlTest {

    static final String WAN = OpenRouterOverHttpTest.WAN;

    @Inject
    Providers providers;
    @Inject
    ProvidersConfig providersConfig;
    @Inject
    ObjectMapper json;


    @Test
    void theKeyIsNeverSentToAnotherHost() throws Exception {
        List<String> foreign = new CopyOnWriteArrayList<>();
        List<String> own = new CopyOnWriteArrayList<>();
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", ex -> {
            foreign.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " auth="
                    + ex.getRequestHeaders().getFirst("Authorization"));
            reply(ex, 200, "video/mp4", new byte[] { 0, 0, 0, 24, 'f', 't', 'y', 'p' });
        });
        elsewhere.start();
        String other = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/api/v1/videos", ex -> {
            own.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " auth="
                    + ex.getRequestHeaders().getFirst("Authorization"));
            String body = ex.getRequestMethod().equals("POST")
                    ? "{\"id\":\"job1\",\"polling_url\":\"" + other + "/api/v1/videos/job1\",\"status\":\"pending\"}"
                    : "{\"id\":\"job1\",\"status\":\"completed\",\"urls\":[\"" + other + "/signed/job1.mp4\"],"
                            + "\"usage\":{\"cost\":0.42,\"is_byok\":false},\"extra\":{\"new\":true}}";
            reply(ex, ex.getRequestMethod().equals("POST") ? 202 : 200, "application/json",
                    body.getBytes(StandardCharsets.UTF_8));
        });
        api.start();
        try {
            OpenRouterVideoProvider direct = new OpenRouterVideoProvider("openrouter", preferringSignedUrls(),
                    providers.get("openrouter").catalog(), () -> "http://127.0.0.1:" + api.getAddress().getPort() + "/api/v1", () -> null,
                    json, Backoff.Sleeper.REAL, new Random(), ProviderHttp.CallObserver.NONE);
            RemoteVideo job = direct.create(new CreateVideo(WAN, "elsewhere", "1280x720", 5, Optional.empty(), false))
                    .value();
            RemoteVideo done = direct.retrieve(job.id()).value();
            assertEquals(VideoStatus.COMPLETED, done.status());
            assertEquals(420_000L, done.billedMicros());
            assertEquals(other + "/signed/job1.mp4", done.resultUrl());
            try (VideoContent content = direct.download(done.result(), Variant.VIDEO).value()) {
                assertEquals(8, content.body().readAllBytes().length);
            }
            assertThat(own).as("status asked of the API's own host, with the key")
                    .containsExactly("POST /api/v1/videos auth=Bearer sk-or-sim-reelgate-dev",
                            "GET /api/v1/videos/job1 auth=Bearer sk-or-sim-reelgate-dev");
            assertThat(foreign).as("the other host saw only the signed URL, without a key")
                    .containsExactly("GET /signed/job1.mp4 auth=null");
        } finally {
            api.stop(0);
            elsewhere.stop(0);
        }
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** The configured provider's settings with signed URLs preferred. */
    private ProvidersConfig.Provider preferringSignedUrls() {
        ProvidersConfig.Provider real = providersConfig.providers().get("openrouter");
        ProvidersConfig.OpenRouterSettings prefer = (ProvidersConfig.OpenRouterSettings) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] { ProvidersConfig.OpenRouterSettings.class },
                (p, m, args) -> m.getName().equals("preferSignedUrls") ? true : m.invoke(real.openrouter(), args));
        return (ProvidersConfig.Provider) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { ProvidersConfig.Provider.class },
                (p, m, args) -> m.getName().equals("openrouter") ? prefer : m.invoke(real, args));
    }
}
