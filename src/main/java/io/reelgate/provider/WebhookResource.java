package io.reelgate.provider;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelgate.web.CsrfExempt;

/**
 * {@code POST /webhooks/openai}: Standard Webhooks deliveries from any provider speaking the
 * OpenAI API. The signature is checked against every enabled provider's secrets (two may be
 * active during a rotation); the matching secret says which provider sent it. Refused deliveries
 * leave only a log line and a metric. Accepted ones are stored (deduplicated by webhook-id),
 * answered 200 at once, and handed to the pipeline on another thread.
 */
@Path("/webhooks/openai")
@CsrfExempt
public class WebhookResource {

    private static final Logger LOG = Logger.getLogger(WebhookResource.class);
    private static final int MAX_BODY = 256 * 1024;

    private final List<StandardWebhooks.Secret> secrets = new ArrayList<>();
    private final WebhookInbox inbox;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    WebhookResource(ProvidersConfig providers, WebhookInbox inbox, ObjectMapper json, MeterRegistry metrics) {
        providers.providers().forEach((name, p) -> {
            if (p.enabled()) {
                p.webhookSecrets().orElse(List.of()).stream().filter(s -> !s.isBlank())
                        .forEach(s -> secrets.add(StandardWebhooks.Secret.of(name, s.trim())));
            }
        });
        this.inbox = inbox;
        this.json = json;
        this.metrics = metrics;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response receive(byte[] body, @HeaderParam("webhook-id") String webhookId,
            @HeaderParam("webhook-timestamp") String timestamp, @HeaderParam("webhook-signature") String signature) {
        if (body == null || body.length > MAX_BODY) {
            return refuse("oversized", 413, webhookId);
        }
        StandardWebhooks.Result result = StandardWebhooks.verify(secrets, webhookId, timestamp, signature, body,
                Instant.now());
        if (result.verdict() != StandardWebhooks.Verdict.VALID) {
            return refuse(result.verdict().name().toLowerCase(), result.verdict().httpStatus(), webhookId);
        }
        String provider = result.provider().orElseThrow();
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (java.io.IOException e) {
            return refuse("malformed_body", 400, webhookId);
        }
        String type = event.path("type").asText("");
        String videoId = event.path("data").path("id").asText(null);
        if (!type.startsWith("video.")) {
            count("ignored", type);
            return Response.ok().build();
        }
        if (videoId == null || videoId.isBlank()) {
            return refuse("missing_video_id", 400, webhookId);
        }
        VideoEvent videoEvent = new VideoEvent(provider, webhookId, event.path("id").asText(null), type, videoId,
                Instant.ofEpochSecond(event.path("created_at").asLong(Instant.now().getEpochSecond())));
        boolean fresh = inbox.record(videoEvent, new String(body, java.nio.charset.StandardCharsets.UTF_8));
        count(fresh ? "accepted" : "duplicate", type);
        if (fresh) {
            inbox.deliverSoon();
        }
        return Response.ok().build();
    }

    private Response refuse(String reason, int status, String webhookId) {
        LOG.warnf("Refused webhook delivery %s: %s (answered %d)", webhookId, reason, status);
        metrics.counter("reelgate.webhooks", "result", "refused", "reason", reason).increment();
        return Response.status(status).build();
    }

    private void count(String result, String type) {
        metrics.counter("reelgate.webhooks", "result", result, "reason", type).increment();
    }
}
