package io.reelgate.provider;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.reelgate.web.CsrfExempt;

/**
 * {@code POST /webhooks/{provider}}: Standard Webhooks deliveries of one provider, checked against
 * its secrets ({@link WebhookSecrets}) and read by its adapter. {@code /webhooks/openai} also
 * takes deliveries of every provider speaking the OpenAI shape (the matching secret says which),
 * as servers of that shape are registered with one URL. A provider that signs its own way
 * ({@code OWN}: fal's Ed25519, OpenRouter's HMAC) is checked by its adapter instead. Refused deliveries leave only a log line
 * and a metric. Accepted ones are stored (deduplicated by webhook-id), answered 200 at once, and
 * handed to the pipeline on another thread.
 */
@Path("/webhooks")
@CsrfExempt
public class WebhookResource {

    private static final Logger LOG = Logger.getLogger(WebhookResource.class);
    private static final int MAX_BODY = 256 * 1024;
    private static final String OPENAI_SHAPE = "openai";

    private final Providers providers;
    private final WebhookSecrets secrets;
    private final WebhookInbox inbox;
    private final MeterRegistry metrics;

    WebhookResource(Providers providers, WebhookSecrets secrets, WebhookInbox inbox, MeterRegistry metrics) {
        this.providers = providers;
        this.secrets = secrets;
        this.inbox = inbox;
        this.metrics = metrics;
    }

    @POST
    @Path("{provider}")
    @Consumes(MediaType.WILDCARD)
    public Response receive(@PathParam("provider") String path, byte[] body, @HeaderParam("webhook-id") String webhookId,
            @HeaderParam("webhook-timestamp") String timestamp, @HeaderParam("webhook-signature") String signature,
            @Context HttpHeaders headers, @Context UriInfo uri) {
        if (body == null || body.length > MAX_BODY) {
            return refuse("oversized", 413, webhookId);
        }
        Optional<VideoProvider> own = providers.find(path)
                .filter(p -> p.capabilities().webhooks() == Capabilities.WebhookSigning.OWN);
        if (own.isPresent()) {
            Map<String, String> names = new HashMap<>();
            headers.getRequestHeaders().forEach((name, values) -> names.put(name.toLowerCase(Locale.ROOT),
                    values.isEmpty() ? "" : values.get(0)));
            Map<String, String> query = new HashMap<>();
            uri.getQueryParameters().forEach((name, values) -> query.put(name, values.isEmpty() ? "" : values.get(0)));
            WebhookDelivery.Check check = own.get().verifyWebhook(new WebhookDelivery(names, body, Instant.now(), query));
            if (check.verdict() != StandardWebhooks.Verdict.VALID) {
                return refuse(check.verdict().name().toLowerCase(), check.verdict().httpStatus(), webhookId);
            }
            return accept(own.get(), check.deliveryId(), body);
        }
        List<String> candidates = candidates(path);
        if (candidates.isEmpty()) {
            return refuse("unknown_provider", 404, webhookId);
        }
        StandardWebhooks.Result result = verify(candidates, webhookId, timestamp, signature, body, false);
        if (result.verdict() == StandardWebhooks.Verdict.BAD_SIGNATURE
                && candidates.stream().anyMatch(secrets::refreshable)) {
            result = verify(candidates, webhookId, timestamp, signature, body, true); // perhaps a rotated secret
        }
        if (result.verdict() != StandardWebhooks.Verdict.VALID) {
            return refuse(result.verdict().name().toLowerCase(), result.verdict().httpStatus(), webhookId);
        }
        return accept(providers.get(result.provider().orElseThrow()), webhookId, body);
    }

    /** Reads a verified delivery's event and stores it once (deduplicated by {@code webhookId}). */
    private Response accept(VideoProvider provider, String webhookId, byte[] body) {
        Optional<VideoEvent> event;
        try {
            event = provider.webhookEvent(webhookId, body);
        } catch (IOException | RuntimeException e) {
            return refuse("malformed_body", 400, webhookId);
        }
        if (event.isEmpty()) {
            count("ignored", "other");
            return Response.ok().build();
        }
        boolean fresh = inbox.record(event.get(), new String(body, StandardCharsets.UTF_8));
        count(fresh ? "accepted" : "duplicate", event.get().type());
        if (fresh) {
            inbox.deliverSoon();
        }
        return Response.ok().build();
    }

    /** The providers a delivery to this path may come from. */
    private List<String> candidates(String path) {
        List<String> names = new ArrayList<>();
        if (providers.find(path).isPresent()) {
            names.add(path);
        }
        if (OPENAI_SHAPE.equals(path)) {
            for (VideoProvider p : providers.all()) {
                ProvidersConfig.Type type = providers.type(p.name()).orElse(null);
                if (!names.contains(p.name()) && (type == ProvidersConfig.Type.OPENAI || type == ProvidersConfig.Type.SIMULATOR)) {
                    names.add(p.name());
                }
            }
        }
        return names;
    }

    private StandardWebhooks.Result verify(List<String> candidates, String id, String timestamp, String signature,
            byte[] body, boolean refresh) {
        List<StandardWebhooks.Secret> keys = new ArrayList<>();
        candidates.forEach(name -> keys.addAll(secrets.of(name, refresh)));
        return StandardWebhooks.verify(keys, id, timestamp, signature, body, Instant.now());
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
