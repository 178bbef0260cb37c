/**
 * The Videos API (/v1/videos in OpenAI's shape): team keys, idempotency, outgoing webhooks.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>The Videos API (api/, /v1/videos; docs/api.md)</h2>
 *
 * - **Keys** (`ApiKeys`, `KeysResource` at `/t/{team}/keys`): `api_key` rows per team and member,
 *   the secret's SHA-256 (`web/Tokens`), a hint, expiry, revocation, last use (written
 *   at most once a minute, by a separate small transaction only when due). `team.api_keys_disabled`
 *   is the operators' switch. Authentication joins `membership`, so a member who leaves loses their
 *   keys at the next request; `team/MemberAdmin.remove` also fires `team/MemberRemoved`, on which
 *   `ApiKeys` revokes them for good (the event keeps `team` unaware of `api`).
 * - **Calls** (`VideosApiResource` → `ApiVideos`): creates and remixes build the same
 *   `GenerationService.Request` as the studio and run admission, the job insert and the
 *   idempotency claim in **one** transaction (`QuarkusTransaction.requiringNew`); refusals map to
 *   OpenAI's codes (`insufficient_quota`, `rate_limit_exceeded` with `Retry-After` and
 *   `x-ratelimit-*`, `team_archived`, 400 with `param`). Reads are one `video_job` lookup by id and
 *   team (ids are `video_<job id>`; other teams' ids answer 404); lists are keyset-paged by id;
 *   content is `gallery/MediaDelivery.stream` (Range, ETag) from Reelgate's storage. The video
 *   object is built from Reelgate's states (`ADMITTED`/`SUBMITTING` → `queued`, … `DERIVING` →
 *   `in_progress`) and never calls the provider. `video_job.api_key_id` marks videos made with a
 *   key: cards, gallery and video page say "via API · name"; the usage dashboard splits charges by
 *   key through the reservation.
 * - **The contract** (docs/api.md, "Strictness"): bodies are read by `VideoRequests`, never by
 *   Jackson's lenient defaults — one JSON object and nothing after it, no unknown fields or form
 *   parts (`unknown_parameter`), `model`/`size`/`seconds` refused rather than trimmed. Answers are
 *   typed records (`VideoObject`, `VideoList`, `DeletedVideo`, `ErrorResponse`) with a fixed field
 *   order, so the wire format stays what the OpenAI SDKs read and `/q/openapi` has real schemas.
 *   Multipart bodies the parser cannot finish (truncated, malformed) are mapped to 400
 *   `invalid_multipart` by `VideosApiResource`'s own exception mappers, which recognise the parser's
 *   frames (its exceptions are a bare `IOException` and an internal class); `RequestShape`
 *   refuses a missing or unusable boundary (and an Accept without JSON) before anything runs;
 *   `BodyLimit` answers an oversize declared body in OpenAI's shape. `HostileVideosApiTest` holds
 *   the rule: a 4xx in OpenAI's shape, nothing changed.
 * - **Idempotency** (`generation/Claim.idempotencyKey`, V17 `submit_claim`): `GenerationService.submit`
 *   inserts the `(key id, Idempotency-Key)` claim `on conflict do nothing` in the admitting
 *   transaction; a concurrent duplicate blocks on that insert until the first commits, then reads
 *   its job (or rolls back with it, and is judged anew). The request fingerprint (`Idempotency`:
 *   model, prompt, size, seconds, image digest) tells a reuse for something else (409). Claims
 *   expire after `idempotency-ttl` (24 h) and are deleted hourly.
 * - **Webhooks** (`WebhookEndpoints`, `WebhookSender`, `WebhooksResource` at
 *   `/t/{team}/admin/webhooks`): `JobStore.finish` fires `generation/JobFinished` inside the
 *   finishing transaction; `WebhookEndpoints` observes it and inserts one `webhook_delivery` per
 *   enabled, subscribed endpoint (unique per endpoint and event, so a repeated finish owes nothing
 *   twice). `WebhookSender` works through due rows with `outbox/Outbox` (claimed under a lease), signs with
 *   the Standard Webhooks scheme (`provider/StandardWebhooks.sign`; the previous secret signs too
 *   while a rotation overlaps), posts without following redirects, and records the answer; failures
 *   back off (doubling, capped) until a day after the event, then `FAILED`; finished rows are deleted
 *   30 days after the event (`reelgate.api.webhooks.keep-for`). Endpoints must be https
 *   and public in production (`WebhookEndpoints.check`/`publicOnly`, re-checked at every send).
 * - **OpenAPI**: `quarkus-smallrye-openapi` describes `/v1` only (`mp.openapi.scan.classes` lists
 *   the resource and its records);
 *   Swagger UI in dev mode only. *Why the extension:* the issue asks for a machine-readable
 *   description and it derives one from the JAX-RS annotations already there (0.6 MB of jars in
 *   the packaged app; the document is built at build time); its automatic security filter is off because `/v1` is not OIDC.
 */
package io.reelgate.api;
