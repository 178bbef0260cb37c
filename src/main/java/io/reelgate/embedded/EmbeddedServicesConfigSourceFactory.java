package io.reelgate.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;

/**
 * Zero-install defaults for dev and test: when no database URL or storage endpoint is configured,
 * supply them from an embedded PostgreSQL and a child-process S3Proxy, started on first use.
 *
 * <p>The source has ordinal 50, below application.properties and the environment, so anything
 * configured elsewhere wins and the embedded service is never started. Never active in prod.
 *
 * <p>Keys read here (documented in application.properties):
 * {@code reelgate.embedded.enabled}, {@code reelgate.embedded.postgres.data-dir},
 * {@code reelgate.embedded.s3.data-dir}, {@code reelgate.embedded.s3.jar}.
 */
public class EmbeddedServicesConfigSourceFactory implements ConfigSourceFactory {

    static final String JDBC_URL = "quarkus.datasource.jdbc.url";
    static final String STORAGE_ENDPOINT = "reelgate.storage.endpoint";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        boolean test = profiles.contains("test");
        boolean dev = profiles.contains("dev");
        if (!(test || dev) || !"true".equals(valueOr(context, "reelgate.embedded.enabled", "true"))) {
            return List.of();
        }
        Path pgDir = test ? null : Path.of(valueOr(context, "reelgate.embedded.postgres.data-dir", "target/embedded/pgdata"));
        Path s3Dir = test ? null : Path.of(valueOr(context, "reelgate.embedded.s3.data-dir", "target/embedded/s3data"));
        String s3Jar = valueOr(context, "reelgate.embedded.s3.jar", null);

        Map<String, Supplier<String>> values = new HashMap<>();
        if (valueOr(context, JDBC_URL, null) == null) {
            values.put(JDBC_URL, () -> LocalPostgres.start(pgDir));
            values.put("quarkus.datasource.username", () -> LocalPostgres.USER);
            values.put("quarkus.datasource.password", () -> LocalPostgres.USER);
        }
        if (valueOr(context, STORAGE_ENDPOINT, null) == null) {
            values.put(STORAGE_ENDPOINT, () -> LocalS3Server.start(s3Dir, s3Jar));
            values.put("reelgate.storage.access-key", () -> LocalS3Server.ACCESS_KEY);
            values.put("reelgate.storage.secret-key", () -> LocalS3Server.SECRET_KEY);
        }
        return List.of(new LazySource(values));
    }

    private static String valueOr(ConfigSourceContext context, String name, String fallback) {
        ConfigValue value = context.getValue(name);
        return value == null || value.getValue() == null ? fallback : value.getValue();
    }

    /** A config source whose values are computed (and their services started) only when asked for. */
    static final class LazySource implements ConfigSource {
        private final Map<String, Supplier<String>> values;

        LazySource(Map<String, Supplier<String>> values) {
            this.values = values;
        }

        @Override
        public Set<String> getPropertyNames() {
            return values.keySet();
        }

        @Override
        public String getValue(String name) {
            Supplier<String> supplier = values.get(name);
            return supplier == null ? null : supplier.get();
        }

        @Override
        public String getName() {
            return "reelgate-embedded-services";
        }

        @Override
        public int getOrdinal() {
            return 50;
        }
    }
}
