package io.reelgate.generation;

import java.time.Duration;
import java.util.Optional;

import io.reelgate.web.Tokens;

/**
 * What makes a submission happen at most once: a rendered studio form's one-time token, or an API
 * key's {@code Idempotency-Key} with the fingerprint of its request. {@link GenerationService#submit}
 * claims it in the transaction that admits the job ({@link SubmitClaims}); a refusal rolls the claim
 * back, so the same form or key is judged anew next time.
 *
 * @param scopeId whose key space the claim lives in: the team for a form token, the API key for an
 *        Idempotency-Key
 * @param requestHash what the request asked for (a key reused for another request is a conflict);
 *        null: every repeat is the same request
 * @param keptFor how long the claim is remembered
 */
public record Claim(Kind kind, long scopeId, long teamId, String key, String requestHash, Duration keptFor) {

    public enum Kind {
        FORM, IDEMPOTENCY_KEY
    }

    /** A rendered form makes its job within a day or is rendered anew. */
    private static final Duration FORM_KEPT = Duration.ofDays(1);

    /** A studio form's token; none when the post carries nothing that could be one (it is then just submitted). */
    public static Optional<Claim> formToken(long teamId, String token) {
        return Tokens.plausible(token) ? Optional.of(new Claim(Kind.FORM, teamId, teamId, token, null, FORM_KEPT))
                : Optional.empty();
    }

    /** An API key's Idempotency-Key (none: the header was not sent), remembered for {@code keptFor}. */
    public static Optional<Claim> idempotencyKey(long apiKeyId, long teamId, String key, String requestHash,
            Duration keptFor) {
        return key == null ? Optional.empty()
                : Optional.of(new Claim(Kind.IDEMPOTENCY_KEY, apiKeyId, teamId, key, requestHash, keptFor));
    }
}
