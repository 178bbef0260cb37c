/**
 * The VideoProvider port, capabilities, catalogs and price books, webhook receiving; one adapter per wire format (openai, replicate, gemini) and their simulators.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Providers (provider/)</h2>
 *
 * `VideoProvider` is the port: create, remix, retrieve, download a variant, list, cancel, delete,
 * and read a verified webhook body. Every call returns a `ProviderResult` — a value or a
 * `ProviderError` whose `Kind` is one of SPEC §2's cases (`SENTINEL_BLOCK`, `MODERATION_BLOCKED`,
 * `RATE_LIMITED` with retry-after, `INVALID_REQUEST` with the parameter, `NOT_FOUND`,
 * `UNAUTHORIZED`, `UNAVAILABLE`, `UNKNOWN_OUTCOME`, `UNSUPPORTED`, `OTHER` with the provider's code
 * passed through). The remote job is a `RemoteVideo` (status, progress, times, result URL and its
 * expiry, error code), the same for every adapter.
 *
 * **Capabilities.** Each adapter declares what its provider can do (`Capabilities`: variants it
 * serves, webhook signing, remix, first-frame image formats and whether they must match the size,
 * list, cancel, delete, delivery by download endpoint or result URL with its lifetime, sound, prompt
 * length); `reelgate.providers.<name>.capabilities.*` overrides any of it. Callers ask them instead
 * of assuming Sora, and adapters answer `UNSUPPORTED` without a request for what is ruled out.
 * docs/providers.md has the table of providers × capabilities.
 *
 * **Creative control** (issue 30). `CreateVideo` carries reference images (`Reference`: an image and
 * its kind, `ASSET` or `STYLE`) besides the first and last frame. `VideoProvider.creative(model)`
 * says per model what the provider takes (`Creative`: how many references of which kinds, with
 * which frames, at which shapes and lengths; a last frame and whether it needs a first; extension,
 * its lengths and longest source), declared by the adapter from REFERENCE.md and overridable per
 * model (`reelgate.providers.<name>.creative."<model>".*`) where the reference is UNCONFIRMED;
 * `AdapterBase.refusal` refuses what breaks it before anything is reserved. `VideoExtender` is
 * implemented by xAI, Gemini (`video.uri`), fal (`extend-video`) and OpenRouter (`previous_job_id`);
 * the source is always the same provider's own output. Veo's media shape is shared (`VeoMedia`).
 *
 * **Adapters**, one per wire format, built by `Providers` from `reelgate.providers.<name>`:
 *
 * - `openai/OpenAiVideoProvider` — the OpenAI Videos API shape at any base URL, with presets
 *   (`ProvidersConfig.OpenAiPreset`) for servers that speak it in part: `sora` (the API as it was),
 *   `vllm-omni`, `litellm`, `bifrost`, `azure` (`api-key` header). Multipart create with `seconds` as
 *   a string and the image as a typed file part; statuses of partial servers ("processing") mapped.
 * - `replicate/ReplicateVideoProvider` — Replicate's predictions: per-model input names
 *   (`ReplicateConfig`), named-model or pinned-version creates with a `completed` webhook, the output
 *   URL fetched without the token, `data_removed` as gone, cancel, cursor pages.
 * - `gemini/GeminiVideoProvider` — Veo on the Gemini API: `predictLongRunning` operations polled
 *   until `done`, the video URI fetched with the key (only ever sent to the API's host) or inline,
 *   RAI-filtered results as refusals with their reasons, `RetryInfo` delays, retired models, static
 *   `video.generated` webhooks. Written by hand: Google's SDK brings 39 jars (21 MB) and an OkHttp 4
 *   that cannot share the class path with MinIO's OkHttp 5 (docs/providers.md).
 * - `vertex/VertexVideoProvider` — Veo on Vertex AI: OAuth2 tokens from a service-account key or
 *   Application Default Credentials (`VertexCredentials`, Google's auth library: cached, refreshed
 *   before expiry, one refresh per instance, one forced refresh on a 401), `predictLongRunning` on the
 *   project's regional endpoint, `fetchPredictOperation` read as a stream (`VertexOperation`), inline
 *   results decoded while they stream (`InlineVideo`) or `gs://` results from Cloud Storage (deleted
 *   once stored where configured, `VideoProvider.ingested`), `generateAudio`/`seed`/`lastFrame`/
 *   `personGeneration`; a broken key, a missing role or an unreachable model is a configuration
 *   problem on `/ops` (`VideoProvider.account`), not a stack trace per job.
 *
 * All share `ProviderHttp`, on the JDK `HttpClient` — chosen over SDKs (their own HTTP stacks and
 * retry loops) and the Quarkus REST client (typed multipart parts and unbuffered downloads are
 * awkward there) because the rules that matter must be explicit:
 *
 * - **Retries** on 429, 5xx and connection failures: exponential backoff with full jitter
 *   (`random(0, min(cap, base·2ⁿ))`), never shorter than the provider's hint (`retry-after-ms`,
 *   `Retry-After`, or one the adapter finds in the body), bounded by `max-retries` and a total
 *   `retry-budget`; the last error, with its hint, is returned.
 * - **No blind retry of creates.** A timeout or broken connection after the request was sent, or a
 *   502/504 from a gateway, returns `UNKNOWN_OUTCOME` at once; the pipeline reconciles by listing
 *   before creating again (where the provider cannot list, the job fails uncharged rather than risk
 *   paying twice). A refused connection never reached the provider and is retried.
 * - **Streaming downloads**; an error body is read at most 64 KiB.
 * - Every call is timed in `reelgate_provider_calls_seconds{provider,call,outcome}` and counted in
 *   `ProviderHealth` (in flight, last success, failures of the last hour by kind) for `/ops`.
 *
 * **Catalogs** (`reelgate.catalogs.<name>`, `ModelCatalog`): models with sizes (written as
 * `WIDTHxHEIGHT` or resolutions × aspect ratios; each size keeps its resolution and ratio for APIs
 * that take those), durations, USD per second by size or resolution (with sound, where the request
 * chooses), credits where a provider sells them, the final model of a draft, and when the prices were
 * read. Exact to the micro-dollar.
 *
 * **Model routes** (`ModelRoutes`, `reelgate.routes.models`): one model sold by several providers,
 * named once with its routes ({@code provider/provider-model}) and the operator's policy; each
 * route keeps its provider's catalog. `RouteBreakers` keeps a circuit breaker per route in
 * {@code route_breaker}, shared by every instance. Choosing and changing a job's route is
 * `generation/RoutePlanner` and `generation/Rerouting`'s (docs/providers.md, "Models with routes").
 *
 * **Webhooks** arrive at `POST /webhooks/{provider}` (`WebhookResource`, CSRF-exempt);
 * `/webhooks/openai` also takes any OpenAI-shape provider's. The Standard Webhooks signature
 * (`StandardWebhooks`: HMAC-SHA256 over `id.timestamp.body`, `whsec_` keys base64-decoded, several
 * `v1,` signatures, 300 s tolerance both ways, constant-time comparison) is checked against the
 * provider's secrets (`WebhookSecrets`: configured, two during a rotation, or fetched from Replicate's
 * API and fetched again when a delivery does not verify), and the adapter reads the body. Refusals
 * (400 malformed, 401 forged or stale) leave a log line and a `reelgate_webhooks_total{result="refused"}`
 * count, nothing else. Accepted events are inserted into `webhook_event` keyed by (provider,
 * webhook-id), so duplicates are acknowledged and dropped, and answered 200 at once. `WebhookInbox`
 * then hands them to every `ProviderEventListener` on a worker thread through `outbox/Outbox`: due
 * events are claimed under a lease (so two instances never deliver one event at once), listeners are
 * called outside any lock, events are marked delivered, failures retried with doubling delays, and
 * handed-over events deleted a week after they arrived; a scheduled sweep (5 s) delivers whatever a
 * crash left behind. Delivery is at least once; listeners are idempotent.
 *
 * **Simulators** (`provider/simulator/`, on in dev and test, off in production) serve each wire
 * format from this app over HTTP, so every environment runs the real adapters. They share
 * `SimulatorEngine`: threads, the `ClipRenderer` (real H.264 MP4s of the exact duration and aspect
 * ratio at a reduced size and frame rate — dev: long side 640 px, 12 fps; tests: 96 px, 4 fps —
 * `moov` first, the prompt drawn on every frame, an input image as the first frame, a last-frame
 * image as the last, each reference image's average colour as a swatch on every frame, cached by
 * all inputs; each simulator also keeps the create bodies it received, `SimulatorEngine.received`)
 * and one `FaultPlan` (`PUT /sim/admin/faults`: 429 and 5xx bursts, creates answered too late,
 * throttled downloads, dropped, duplicated, delayed, reordered and early webhooks).
 *
 * - `SoraSimulator` at `/sim/v1`: the OpenAI API as it was — validation with `param`, per-key rate
 *   limits, `queued → in_progress → completed | failed`, JPEG thumbnail and 10-frame spritesheet,
 *   expiring content, signed webhooks (`WebhookSender`), prompt trigger words (`sentinel_block` at
 *   create, `moderation_blocked` at the end). Per key it can act like a server that speaks the shape
 *   in part (`reelgate.simulator.keys.<key>.behaviour`): `vllm-omni` (the MP4 for every variant, no
 *   webhooks, no `expires_at`, no remix, progress 0/100) or `video-only` (404 for other variants).
 * - `ReplicateSimulator` at `/sim/replicate/v1`: predictions with inputs validated against the
 *   models' input names, `starting → processing → succeeded | failed | canceled`, outputs on a
 *   token-free stand-in CDN (`/sim/replicate/files`) removed after `output-ttl`, `completed`
 *   webhooks signed with the account secret it serves, throttling with Replicate's `detail` text,
 *   sensitive-content failures for trigger words; admin calls remove an output or rotate the secret.
 * - `GeminiSimulator` at `/sim/gemini/v1beta`: `predictLongRunning` validated against the catalog
 *   (`durationSeconds` must be a number), operations until `done`, files that need the key, inline
 *   videos, RAI-filtered results and `error` results for trigger words, `RESOURCE_EXHAUSTED` with a
 *   `RetryInfo` delay, retired models (404 "no longer available"), signed `video.generated` webhooks.
 */
package io.reelgate.provider;
