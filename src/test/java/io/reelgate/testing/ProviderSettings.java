package io.reelgate.testing;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.reelgate.provider.Capabilities;
import io.reelgate.provider.ProvidersConfig;

/** Provider settings for tests that build adapters by hand. */
public final class ProviderSettings {

    private ProviderSettings() {
    }

    /** No capability overrides: the adapter's or preset's declaration stands. */
    public static ProvidersConfig.CapabilityOverrides noOverrides() {
        return new ProvidersConfig.CapabilityOverrides() {
            public Optional<List<String>> variants() {
                return Optional.empty();
            }

            public Optional<Capabilities.WebhookSigning> webhooks() {
                return Optional.empty();
            }

            public Optional<Boolean> remix() {
                return Optional.empty();
            }

            public Optional<Boolean> imageInput() {
                return Optional.empty();
            }

            public Optional<List<String>> imageFormats() {
                return Optional.empty();
            }

            public Optional<Boolean> imageMustMatchSize() {
                return Optional.empty();
            }

            public Optional<Boolean> list() {
                return Optional.empty();
            }

            public Optional<Boolean> delete() {
                return Optional.empty();
            }

            public Optional<Boolean> cancel() {
                return Optional.empty();
            }

            public Optional<Capabilities.Delivery> delivery() {
                return Optional.empty();
            }

            public Optional<Duration> resultTtl() {
                return Optional.empty();
            }

            public Optional<Boolean> audio() {
                return Optional.empty();
            }

            public Optional<Integer> maxPromptLength() {
                return Optional.empty();
            }

            public Optional<Boolean> negativePrompt() {
                return Optional.empty();
            }
        };
    }
}
