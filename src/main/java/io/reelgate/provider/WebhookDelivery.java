package io.reelgate.provider;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook delivery as it arrived, for providers that sign their webhooks their own way
 * ({@link Capabilities.WebhookSigning#OWN}): header names in lower case, the raw body, when it came.
 */
public record WebhookDelivery(Map<String, String> headers, byte[] body, Instant receivedAt) {

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT))).filter(v -> !v.isBlank());
    }

    /**
     * What the adapter found: {@code verdict} (VALID or why not), and for a genuine delivery its id,
     * to deduplicate repeated deliveries.
     */
    public record Check(StandardWebhooks.Verdict verdict, String deliveryId) {
        public static Check valid(String deliveryId) {
            return new Check(StandardWebhooks.Verdict.VALID, deliveryId);
        }

        public static Check refused(StandardWebhooks.Verdict verdict) {
            return new Check(verdict, null);
        }
    }
}
