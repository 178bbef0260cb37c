package io.reelgate.provider;

import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/**
 * The key that seals provider secrets stored by the operator console ({@link SecretBox}): API keys,
 * Vertex service-account key files and webhook secrets in table {@code console_provider}.
 */
@ConfigMapping(prefix = "reelgate.secrets")
public interface SecretsConfig {

    /**
     * {@code reelgate.secrets.key} (env {@code REELGATE_SECRETS_KEY}): 32 random bytes, Base64
     * ({@code openssl rand -base64 32}). Without it the console refuses to store a secret (providers
     * from configuration need none). Dev and test use a fixed key.
     */
    Optional<String> key();

    /**
     * {@code reelgate.secrets.previous-keys}: keys used before {@link #key()}, comma-separated. To
     * rotate: move the old key here, set the new one, restart; every instance still opens secrets
     * sealed with an old key, and the console's "Re-seal secrets" (or the next save) seals them with
     * the new one. Remove an old key only once {@code /ops/providers} says no secret uses it.
     */
    Optional<List<String>> previousKeys();
}
