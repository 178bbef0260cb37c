package io.reelgate.provider.simulator;

/**
 * Faults the simulator injects on demand, set from config or {@code PUT /sim/admin/faults}.
 * Counters ("next N requests") count down as they fire. All fields are plain values so the plan
 * travels as JSON.
 */
public final class FaultPlan {

    /** Next N generation requests answer 429. */
    public int rateLimitNext;
    /** Retry hint sent with those 429s ({@code retry-after-ms}, and {@code Retry-After} rounded up). */
    public long retryAfterMs = 1000;
    /** Next N API requests (any call) answer {@link #serverErrorStatus}. */
    public int serverErrorNext;
    /**
     * Where the 429 and 5xx faults apply: null for every simulated API, else one of them by name
     * ({@code gemini}, {@code replicate}): a provider down while another route to the same model works.
     */
    public String only;
    public int serverErrorStatus = 503;
    /** Next N creates are accepted but answered only after {@link #createDelayMs} (a client timeout: unknown outcome). */
    public int createTimeoutNext;
    public long createDelayMs = 5000;
    /** Throttle content downloads to this many bytes per second (0: full speed). */
    public long downloadBytesPerSecond;
    /** Do not send webhooks at all (lost deliveries). */
    public boolean webhookDrop;
    /** Send every webhook twice with the same webhook-id. */
    public boolean webhookDuplicate;
    /** Hold webhooks this long before sending (and, with {@link #webhookReverse}, send the held batch newest first). */
    public long webhookDelayMs;
    public boolean webhookReverse;
    /** Next N OpenRouter creates answer 402 (out of credits or over the key's limit). */
    public int paymentRequiredNext;
    /** OpenRouter webhooks go out signed with a wrong secret (forged deliveries). */
    public boolean webhookForge;
    /** OpenRouter webhooks go out signed with a timestamp ten minutes old (stale or replayed deliveries). */
    public boolean webhookStale;
    /** Send the terminal webhook this long before the job's status turns terminal (event overtakes status). */
    public long webhookEarlyMs;
    /** fal: sign webhooks with a key that is not in the JWKS. */
    public boolean falWebhookForged;
    /** fal: send webhooks with a timestamp ten minutes old. */
    public boolean falWebhookStale;
    /** fal: the next N submits or result calls answer 503 with {@code X-Fal-Retryable: true} (a runner hiccup). */
    public int falRetryableNext;

    synchronized boolean takeRateLimit() {
        return takeRateLimit(null);
    }

    /** A 429 fault for the named simulated API (null: one that does not say which it is). */
    synchronized boolean takeRateLimit(String simulator) {
        if (only != null && !only.equals(simulator)) {
            return false;
        }
        if (rateLimitNext > 0) {
            rateLimitNext--;
            return true;
        }
        return false;
    }

    synchronized boolean takeServerError() {
        return takeServerError(null);
    }

    /** A 5xx fault for the named simulated API (null: one that does not say which it is). */
    synchronized boolean takeServerError(String simulator) {
        if (only != null && !only.equals(simulator)) {
            return false;
        }
        if (serverErrorNext > 0) {
            serverErrorNext--;
            return true;
        }
        return false;
    }

    synchronized boolean takeCreateTimeout() {
        if (createTimeoutNext > 0) {
            createTimeoutNext--;
            return true;
        }
        return false;
    }

    synchronized boolean takePaymentRequired() {
        if (paymentRequiredNext > 0) {
            paymentRequiredNext--;
            return true;
        }
        return false;
    }

    synchronized boolean takeFalRetryable() {
        if (falRetryableNext > 0) {
            falRetryableNext--;
            return true;
        }
        return false;
    }

    synchronized void replaceWith(FaultPlan other) {
        rateLimitNext = other.rateLimitNext;
        retryAfterMs = other.retryAfterMs;
        serverErrorNext = other.serverErrorNext;
        only = other.only;
        serverErrorStatus = other.serverErrorStatus;
        createTimeoutNext = other.createTimeoutNext;
        createDelayMs = other.createDelayMs;
        downloadBytesPerSecond = other.downloadBytesPerSecond;
        webhookDrop = other.webhookDrop;
        webhookDuplicate = other.webhookDuplicate;
        webhookDelayMs = other.webhookDelayMs;
        webhookReverse = other.webhookReverse;
        webhookEarlyMs = other.webhookEarlyMs;
        paymentRequiredNext = other.paymentRequiredNext;
        webhookForge = other.webhookForge;
        webhookStale = other.webhookStale;
        falWebhookForged = other.falWebhookForged;
        falWebhookStale = other.falWebhookStale;
        falRetryableNext = other.falRetryableNext;
    }

    synchronized FaultPlan copy() {
        FaultPlan copy = new FaultPlan();
        copy.replaceWith(this);
        return copy;
    }
}
