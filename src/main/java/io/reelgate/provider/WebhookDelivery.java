package io.reelgate.provider;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A webhook delivery as it arrived, for providers that sign their webhooks their own way
 * ({@link Capabilities.WebhookSigning#OWN}): header names in lower case, the raw body, when it came,
 * and the query parameters of the URL it was posted to (a provider may have been given a URL that
 * says more than its name, e.g. fal's {@code ?app=owner/app}: not signed, so only a hint).
 */
public record WebhookDelivery(Map<String, String> headers, byte[] body, Instant receivedAt, Map<String, String> query) {

    public WebhookDelivery {
        query = query == null ? Map.of() : Map.copyOf(query);
    }

    public WebhookDelivery(Map<String, String> headers, byte[] body, Instant receivedAt) {
        this(headers, body, receivedAt, Map.of());
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isBlank());
    }

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
