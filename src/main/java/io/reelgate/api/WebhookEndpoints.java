package io.reelgate.api;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.reelgate.audit.AuditTrail;
import io.reelgate.web.SqlRow;
import io.reelgate.generation.JobFinished;
import io.reelgate.generation.JobState;
import io.reelgate.team.ChangeRefused;

/**
 * A team's webhook endpoints and the outbox of what they are owed. Every video of the team that
 * finishes puts one event per subscribed endpoint into {@code webhook_delivery}, in the
 * transaction that finished it ({@link JobFinished}), in OpenAI's event shape
 * ({@code {"id":"evt_…","object":"event","created_at":…,"type":"video.completed","data":{"id":"video_…"}}});
 * {@link WebhookSender} delivers them. Endpoints must be {@code https} and public in production
 * (no requests into the private network); each has a {@code whsec_} secret, shown once and
 * rotatable with an overlap during which both sign.
 */
@ApplicationScoped
public class WebhookEndpoints {

    public static final Set<String> EVENTS = Set.of("video.completed", "video.failed");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** An endpoint as the admin console lists it. */
    public record Endpoint(long id, String url, List<String> events, boolean enabled, Instant createdAt,
            boolean rotating, Instant previousUntil) {
        public boolean subscribed(String event) {
            return events.contains(event);
        }
    }

    /** One delivery, as the log shows it. */
    public record Delivery(long id, String eventId, String type, String state, int attempts, Integer lastStatus,
            String lastError, Instant createdAt, Instant deliveredAt, Instant nextAttemptAt) {
    }

    private final EntityManager em;
    private final AuditTrail audit;
    private final ApiConfig config;
    private final ObjectMapper json;

    WebhookEndpoints(EntityManager em, AuditTrail audit, ApiConfig config, ObjectMapper json) {
        this.em = em;
        this.audit = audit;
        this.config = config;
        this.json = json;
    }

    /** Registers an endpoint; returns its id and secret (shown once). */
    @Transactional
    public Map.Entry<Long, String> create(long teamId, String url, List<String> events, long actorId) {
        URI uri = check(url);
        List<String> chosen = events(events);
        long count = ((Number) em.createNativeQuery("select count(*) from webhook_endpoint where team_id = ?1")
                .setParameter(1, teamId).getSingleResult()).longValue();
        if (count >= config.webhooks().endpointsPerTeam()) {
            throw new ChangeRefused("A team has at most " + config.webhooks().endpointsPerTeam() + " endpoints; delete one first.",
                    409);
        }
        String secret = newSecret();
        long id = ((Number) em.createNativeQuery("""
                insert into webhook_endpoint (team_id, url, events, secret, created_by)
                values (?1, ?2, cast(?3 as text[]), ?4, ?5)
                returning id
                """).setParameter(1, teamId)
                .setParameter(2, uri.toString()).setParameter(3, "{" + String.join(",", chosen) + "}")
                .setParameter(4, secret).setParameter(5, actorId).getSingleResult()).longValue();
        audit.record(teamId, actorId, "webhook.create", uri.toString(), null, String.join(", ", chosen));
        return Map.entry(id, secret);
    }

    @Transactional
    public List<Endpoint> list(long teamId) {
        return SqlRow.list(em.createNativeQuery("""
                select id, url, array_to_string(events, ',') as events, enabled, created_at,
                       previous_secret is not null and previous_until > now() as rotating, previous_until
                from webhook_endpoint where team_id = ?1 order by id
                """, Tuple.class).setParameter(1, teamId)).stream()
                .map(r -> new Endpoint(r.longValue("id"), r.string("url"), List.of(r.string("events").split(",")),
                        r.bool("enabled"), r.instant("created_at"), r.bool("rotating"), r.instant("previous_until")))
                .toList();
    }

    @Transactional
    public void update(long teamId, long endpointId, boolean enabled, List<String> events, long actorId) {
        List<String> chosen = events(events);
        int changed = em.createNativeQuery("""
                update webhook_endpoint
                set enabled = ?3, events = cast(?4 as text[])
                where id = ?1 and team_id = ?2
                """).setParameter(1, endpointId).setParameter(2, teamId)
                .setParameter(3, enabled).setParameter(4, "{" + String.join(",", chosen) + "}").executeUpdate();
        if (changed == 0) {
            throw new ChangeRefused("No such endpoint in this team.", 404);
        }
        audit.record(teamId, actorId, "webhook.update", "endpoint " + endpointId, null,
                (enabled ? "enabled" : "disabled") + ", " + String.join(", ", chosen));
    }

    /** A new secret; the previous one keeps signing too for {@code rotation-overlap}. Returns the new secret. */
    @Transactional
    public String rotate(long teamId, long endpointId, long actorId) {
        String secret = newSecret();
        int changed = em.createNativeQuery("""
                update webhook_endpoint
                set previous_secret = secret, secret = ?3, previous_until = now() + make_interval(secs => ?4)
                where id = ?1 and team_id = ?2
                """)
                .setParameter(1, endpointId).setParameter(2, teamId).setParameter(3, secret)
                .setParameter(4, (double) config.webhooks().rotationOverlap().toSeconds()).executeUpdate();
        if (changed == 0) {
            throw new ChangeRefused("No such endpoint in this team.", 404);
        }
        audit.record(teamId, actorId, "webhook.rotate", "endpoint " + endpointId, null, "new secret");
        return secret;
    }

    @Transactional
    public void delete(long teamId, long endpointId, long actorId) {
        em.createNativeQuery("delete from webhook_delivery where endpoint_id = ?1 and team_id = ?2")
                .setParameter(1, endpointId).setParameter(2, teamId).executeUpdate();
        int deleted = em.createNativeQuery("delete from webhook_endpoint where id = ?1 and team_id = ?2")
                .setParameter(1, endpointId).setParameter(2, teamId).executeUpdate();
        if (deleted == 0) {
            throw new ChangeRefused("No such endpoint in this team.", 404);
        }
        audit.record(teamId, actorId, "webhook.delete", "endpoint " + endpointId, "registered", null);
    }

    /** Queues a {@code webhook.test} event for one endpoint. */
    @Transactional
    public void sendTest(long teamId, long endpointId) {
        String id = randomEventId();
        int queued = em.createNativeQuery("""
                insert into webhook_delivery (endpoint_id, team_id, event_id, type, payload)
                select id, team_id, ?3, 'webhook.test', ?4 from webhook_endpoint where id = ?1 and team_id = ?2
                """).setParameter(1, endpointId).setParameter(2, teamId).setParameter(3, id)
                .setParameter(4, payloadOf(id, "webhook.test", "video_test")).executeUpdate();
        if (queued == 0) {
            throw new ChangeRefused("No such endpoint in this team.", 404);
        }
    }

    /** The latest deliveries to one endpoint of the team. */
    @Transactional
    public List<Delivery> deliveries(long teamId, long endpointId, int limit) {
        return SqlRow.list(em.createNativeQuery("""
                select id, event_id, type, state, attempts, last_status, last_error, created_at, delivered_at,
                       next_attempt_at
                from webhook_delivery where endpoint_id = ?1 and team_id = ?2 order by id desc limit ?3
                """, Tuple.class).setParameter(1, endpointId).setParameter(2, teamId).setParameter(3, limit)).stream()
                .map(r -> new Delivery(r.longValue("id"), r.string("event_id"), r.string("type"), r.string("state"),
                        r.intValue("attempts"), r.nullableInt("last_status"), r.string("last_error"),
                        r.instant("created_at"), r.instant("delivered_at"), r.instant("next_attempt_at"))).toList();
    }

    /** A finished video owes its event to every enabled endpoint of its team that subscribed to it. */
    void onFinished(@Observes JobFinished finished) {
        String type = finished.state() == JobState.COMPLETED ? "video.completed" : "video.failed";
        // one id per video and outcome: a repeated finish (a retry) can never owe a second event
        String id = "evt_video_" + finished.jobId() + (finished.state() == JobState.COMPLETED ? "_completed" : "_failed");
        em.createNativeQuery("""
                insert into webhook_delivery (endpoint_id, team_id, event_id, type, payload)
                select id, team_id, ?2, ?3, ?4 from webhook_endpoint
                where team_id = ?1 and enabled and ?3 = any(events)
                on conflict (endpoint_id, event_id) do nothing
                """).setParameter(1, finished.teamId()).setParameter(2, id).setParameter(3, type)
                .setParameter(4, payloadOf(id, type, "video_" + finished.jobId())).executeUpdate();
    }

    private String payloadOf(String id, String type, String videoId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", id);
        event.put("object", "event");
        event.put("created_at", Instant.now().getEpochSecond());
        event.put("type", type);
        event.put("data", Map.of("id", videoId));
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomEventId() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return "evt_" + java.util.HexFormat.of().formatHex(bytes);
    }

    private static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static List<String> events(List<String> events) {
        List<String> chosen = new ArrayList<>();
        for (String e : events == null ? List.<String>of() : events) {
            if (!EVENTS.contains(e)) {
                throw new ChangeRefused("Unknown event '" + e + "'; choose video.completed and/or video.failed.", 400);
            }
            if (!chosen.contains(e)) {
                chosen.add(e);
            }
        }
        if (chosen.isEmpty()) {
            throw new ChangeRefused("Choose at least one event.", 400);
        }
        return chosen;
    }

    /** Longer URLs than browsers and proxies commonly pass are not endpoints anyone means. */
    static final int MAX_URL = 2_000;

    /**
     * An endpoint URL Reelgate may call: absolute, {@code https} (or {@code http} where private
     * addresses are allowed), without credentials in it, and — in production — resolving only to
     * public addresses (no loopback, private, link-local, multicast or unspecified ones).
     */
    URI check(String url) {
        if (url != null && url.length() > MAX_URL) {
            throw new ChangeRefused("The URL is " + url.length() + " characters long; an endpoint URL has at most " + MAX_URL + ".",
                    400);
        }
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.trim());
        } catch (IllegalArgumentException e) {
            throw new ChangeRefused("That is not a URL.", 400);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowPrivate = config.webhooks().allowPrivate();
        if (!(scheme.equals("https") || allowPrivate && scheme.equals("http")) || uri.getHost() == null) {
            throw new ChangeRefused("The endpoint must be an https:// URL.", 400);
        }
        if (uri.getUserInfo() != null) {
            throw new ChangeRefused("Put no credentials in the URL; verify deliveries with the signing secret instead.", 400);
        }
        if (!allowPrivate) {
            publicOnly(uri.getHost());
        }
        return uri;
    }

    /** Refuses hosts that resolve to an address inside the network Reelgate runs in. */
    static void publicOnly(String host) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ChangeRefused("The endpoint's host " + host + " does not resolve.", 400);
        }
        for (InetAddress a : addresses) {
            if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                    || a.isMulticastAddress() || uniqueLocal(a)) {
                throw new ChangeRefused("The endpoint's host resolves to a private address (" + a.getHostAddress()
                        + "); Reelgate only calls public addresses.", 400);
            }
        }
    }

    /** IPv6 unique local addresses (fc00::/7), which {@link InetAddress} does not call site-local. */
    private static boolean uniqueLocal(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xFE) == 0xFC;
    }
}
