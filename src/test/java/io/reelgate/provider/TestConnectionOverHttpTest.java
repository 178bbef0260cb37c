package io.reelgate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.reelgate.provider.ProviderError.Kind;
import io.reelgate.provider.fal.FalConfig;
import io.reelgate.provider.fal.FalVideoProvider;
import io.reelgate.provider.gemini.GeminiVideoProvider;
import io.reelgate.provider.openai.OpenAiVideoProvider;
import io.reelgate.provider.openrouter.OpenRouterVideoProvider;
import io.reelgate.provider.replicate.ReplicateConfig;
import io.reelgate.provider.replicate.ReplicateVideoProvider;
import io.reelgate.provider.runway.RunwayVideoProvider;
import io.reelgate.provider.vertex.VertexCredentials;
import io.reelgate.provider.vertex.VertexVideoProvider;
import io.reelgate.provider.xai.XaiVideoProvider;
import io.reelgate.testing.ProviderRuns;
import io.reelgate.web.LocalServer;

/**
 * "Test connection" ({@link VideoProvider#testConnection()}) of every provider type, each adapter
 * against this app's simulator of its wire format: the configured key answers one line saying what
 * the provider said (never the key), a wrong key answers {@link Kind#UNAUTHORIZED} with the
 * provider's own words. The wrong-key adapters are built like {@link Providers} builds them, with
 * only the key (or, for Vertex, the service-account key file) changed.
 */
@QuarkusTest
class TestConnectionOverHttpTest {

    static final String WRONG = "wrong-key-0000";

    @Inject
    Providers providers;
    @Inject
    ProvidersConfig config;
    @Inject
    LocalServer local;
    @Inject
    ObjectMapper json;
    @Inject
    ReplicateConfig replicate;
    @Inject
    FalConfig fal;

    @BeforeEach
    @AfterEach
    void noFaults() {
        ProviderRuns.faults(Map.of());
    }

    private String ok(String name) {
        ProviderResult<String> answer = providers.get(name).testConnection();
        assertTrue(answer.isOk(), () -> name + ": " + answer);
        config.providers().get(name).apiKey().ifPresent(key -> assertThat(answer.value()).doesNotContain(key));
        return answer.value();
    }

    private static ProviderError refused(VideoProvider provider) {
        ProviderResult<String> answer = provider.testConnection();
        assertTrue(!answer.isOk(), () -> provider.name() + " accepted a wrong key: " + answer);
        ProviderError error = answer.error();
        assertEquals(Kind.UNAUTHORIZED, error.kind(), () -> provider.name() + ": " + error);
        assertThat(error.message()).isNotBlank().doesNotContain(WRONG);
        return error;
    }

    /** The configured provider's settings with another API key. */
    private ProvidersConfig.Provider wrongKey(String name) {
        ProvidersConfig.Provider base = config.providers().get(name);
        return (ProvidersConfig.Provider) Proxy.newProxyInstance(ProvidersConfig.Provider.class.getClassLoader(),
                new Class<?>[] { ProvidersConfig.Provider.class }, (proxy, method, args) -> method.getName().equals("apiKey")
                        ? Optional.of(WRONG) : method.invoke(base, args));
    }

    private ModelCatalog catalog(String name) {
        return providers.get(name).catalog();
    }

    private String sim(String path) {
        return local.url() + "/sim" + path;
    }

    @Test
    void openAiShapeListsTheModelsOfTheKey() {
        assertThat(ok("simulator")).startsWith("key accepted · ").contains(" models: ").contains("sora-2");
        assertThat(ok("sora-on-vllm")).startsWith("key accepted · ");
        OpenAiVideoProvider wrong = new OpenAiVideoProvider("simulator", wrongKey("simulator"), catalog("simulator"),
                () -> sim("/v1"), json, Backoff.Sleeper.REAL, new Random(), ProviderHttp.CallObserver.NONE);
        ProviderError error = refused(wrong);
        assertEquals("invalid_api_key", error.code());
        assertThat(error.message()).contains("Incorrect API key provided");
    }

    @Test
    void geminiListsTheModelsTheKeyMayUse() {
        assertThat(ok("veo")).startsWith("key accepted · ").containsPattern("\\d+ models, [1-9]\\d* of them Veo");
        GeminiVideoProvider wrong = new GeminiVideoProvider("veo", wrongKey("veo"), catalog("veo"),
                () -> sim("/gemini/v1beta"), json, Backoff.Sleeper.REAL, new Random(), ProviderHttp.CallObserver.NONE);
        ProviderError error = refused(wrong);
        assertEquals("api_key_invalid", error.code(), "Google's 400 INVALID_ARGUMENT with reason API_KEY_INVALID");
        assertThat(error.message()).contains("API key not valid");
    }

    @Test
    void vertexSaysWhoTheServiceAccountIs(@TempDir Path dir) throws Exception {
        assertThat(ok("vertex")).startsWith("signed in as reelgate-dev@reelgate-dev.iam.gserviceaccount.com · project "
                + "reelgate-dev (us-central1) · veo-");
        Path foreignKey = dir.resolve("service-account.json");
        Files.writeString(foreignKey, serviceAccountWithAnotherKey());
        VertexCredentials credentials = VertexCredentials.load("vertex-wrong", Optional.of(foreignKey.toString()),
                () -> Optional.of(URI.create(sim("/vertex/token"))));
        VertexVideoProvider wrong = new VertexVideoProvider("vertex-wrong", config.providers().get("vertex"),
                catalog("vertex"), () -> sim("/vertex"), () -> sim("/vertex"), credentials, json, Backoff.Sleeper.REAL,
                new Random(), ProviderHttp.CallObserver.NONE);
        ProviderError error = refused(wrong);
        assertEquals("credentials_invalid", error.code());
        assertThat(error.message()).contains("Invalid JWT Signature").doesNotContain("PRIVATE KEY");
    }

    @Test
    void replicateSaysWhoseAccountTheTokenIs() {
        assertEquals("account reelgate-sim (organization, Reelgate simulator)", ok("replicate"));
        ReplicateVideoProvider wrong = new ReplicateVideoProvider("replicate", wrongKey("replicate"), catalog("replicate"),
                () -> sim("/replicate/v1"), () -> null, replicate, json, Backoff.Sleeper.REAL, new Random(),
                ProviderHttp.CallObserver.NONE);
        assertThat(refused(wrong).message()).contains("valid authentication token");
    }

    @Test
    void openRouterShowsTheKeysUsageAndLimit() {
        assertThat(ok("openrouter")).startsWith("key sk-or-si...dev · used $").endsWith(" · no limit");
        OpenRouterVideoProvider wrong = new OpenRouterVideoProvider("openrouter", wrongKey("openrouter"),
                catalog("openrouter"), () -> sim("/openrouter/api/v1"), () -> null, json, Backoff.Sleeper.REAL, new Random(),
                ProviderHttp.CallObserver.NONE);
        assertThat(refused(wrong).message()).contains("No auth credentials found");
    }

    @Test
    void runwayShowsTheCreditBalance() {
        assertThat(ok("runway")).startsWith("balance 1,000 credits · tier up to 10,000 credits a month · ");
        RunwayVideoProvider wrong = new RunwayVideoProvider("runway", wrongKey("runway"), catalog("runway"),
                () -> sim("/runway"), json, Backoff.Sleeper.REAL, new Random(), ProviderHttp.CallObserver.NONE);
        assertThat(refused(wrong).message()).contains("Invalid API key");
    }

    @Test
    void xaiSaysWhichKeyAndTeam() {
        assertThat(ok("xai")).startsWith("key Reelgate simulator key (xai-...-dev) · team ");
        XaiVideoProvider wrong = new XaiVideoProvider("xai", wrongKey("xai"), catalog("xai"), () -> sim("/xai/v1"), json,
                Backoff.Sleeper.REAL, new Random(), ProviderHttp.CallObserver.NONE);
        assertThat(refused(wrong).message()).contains("Incorrect API key provided");
    }

    @Test
    void falSaysWhoTheKeyBelongsTo() {
        assertEquals("user reelgate-sim (Reelgate Simulator)", ok("fal"));
        Function<String, java.util.function.Supplier<String>> at = path -> () -> sim("/fal" + path);
        FalVideoProvider wrong = new FalVideoProvider("fal", wrongKey("fal"), catalog("fal"), at.apply("/queue"),
                at.apply("/rest"), () -> null, at.apply("/.well-known/jwks.json"), fal, json, Backoff.Sleeper.REAL,
                new Random(), ProviderHttp.CallObserver.NONE);
        assertThat(refused(wrong).message()).contains("key not found");
    }

    /** The simulator's service account (same email and project) with a private key it never issued. */
    private static String serviceAccountWithAnotherKey() throws NoSuchAlgorithmException, IOException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        return new ObjectMapper().writeValueAsString(Map.of("type", "service_account", "project_id", "reelgate-dev",
                "private_key_id", "0123456789abcdef", "private_key", pem,
                "client_email", "reelgate-dev@reelgate-dev.iam.gserviceaccount.com", "client_id", "100000000000000000001",
                "token_uri", "https://oauth2.googleapis.com/token"));
    }
}
