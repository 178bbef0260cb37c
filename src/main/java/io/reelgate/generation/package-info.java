/**
 * Video jobs: the durable queue, dispatcher, tracking, ingest into S3, derived previews, crash recovery.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>The job pipeline (generation/)</h2>
 *
 * `Pipeline` claims jobs and hands each to `JobWorker`, which submits and tracks it; `IngestStep`
 * copies the provider's files, derives the previews it did not deliver and settles; `JobOutcomes` is
 * how any step fails, backs off or goes back to the queue.
 *
 * ```
 *             submit (admission + job row, one transaction)
 *                  │
 *              ADMITTED ──(cancel)──────────────────────────────┐
 *    (429, 5xx) ▲  │ dispatch: fair, within the upstream limit  │
 *               │  ▼                                            │
 *             SUBMITTING ──(sentinel block, 400)──► FAILED      │
 *                  │ provider id stored (or found by reconcile) │
 *                  ▼                                            ▼
 *             SUBMITTED ──(failed at provider, cancel)──► FAILED / CANCELED
 *    (content   ▲  │ webhook video.completed, or a poll
 *    not ready) │  ▼
 *             INGESTING ──(content expired)──► FAILED
 *                  │ video (and the previews the provider delivers) stored
 *                  ├──────────────► all three stored: settled
 *                  ▼                                 │
 *             DERIVING (poster, spritesheet made     │
 *                  │    from the stored video)       │
 *                  ▼                                 ▼
 *             COMPLETED ◄────────────────────────────┘
 * ```
 *
 * `JobState` lists the allowed transitions and `JobStore` refuses all others; every change is
 * recorded in `video_job_transition` with its time, and terminal changes settle the reservation in
 * the same transaction (so no job ends without its money settled, and a settlement is never
 * repeated).
 *
 * **Submitting, the one way** (studio, API, storyboards): `GenerationService.submit` owns the
 * transaction — the claim that makes it happen at most once (`Claim`: a form token or an
 * Idempotency-Key, one table `submit_claim` in `SubmitClaims`), the caller's own writes
 * (`GenerationService.Within`: a storyboard shot's hold), the checks (`SubmitChecks`), admission and
 * the job row commit together; a refusal rolls all of it back (the budget-exhausted alert is written
 * after the rollback by `budget/ExhaustionAlerts`). `JobQueued`, observed after commit, wakes the
 * pipeline once.
 *
 * **Routes.** A request for a model sold by several providers (`provider/ModelRoutes`, asked by its
 * id) takes the first route of `RoutePlanner`'s plan: the routes the team may use and that can make
 * it, ordered by the policy (operator's order, cheapest, pinned; narrowed per team in
 * `team/RoutePolicies`), healthy ones first (breaker closed, upstream wait within
 * `reelgate.routes.max-wait`). `job_route` (`JobRoutes`) records each route a job took, why, at what
 * price and why it left. `Rerouting` moves a job on only while no provider can have it — still
 * queued (its sweep, every 5 s, for routes gone unhealthy) or refused with a definite answer (the
 * worker) — never after an unknown outcome; the move and `Admission.reprice` are one transaction, and a
 * dearer route that does not fit the budget fails the job as `route_over_budget`, nothing charged.
 *
 * **Creative inputs** (issue 30). A request may carry reference images, a last frame
 * (`CreativeInputs`) or the id of the team's finished video it extends. `SubmitChecks` checks the
 * images like first frames and refuses what the model's `provider/Creative` would refuse, so the
 * planner also skips routes that cannot take them; `JobInputs` stores the images under the team's
 * `inputs/` and attaches them (`video_job.last_frame_key`, `job_reference`), and the worker reads them
 * back once per send, failovers included. An extension (`Extensions`) is a job of its own on the
 * source's provider and model (`video_job.extends_job_id`), admitted for the seconds it adds at the
 * model's price per second; a source its provider cannot extend, no longer holds
 * (`content_expires_at`) or that is too long is refused with the reason before admission.
 *
 * **Queue and dispatch.** Each instance's `Pipeline` ticks every second (and is woken by
 * submissions and webhooks). `JobQueue` claims work in SQL with `FOR UPDATE SKIP LOCKED` and gives
 * each claimed job a **lease** (`lease/Leases`: 30 s, renewed every 10 s while the worker is at it,
 * released when the instance stops); a job is worked on by whoever holds an unexpired lease, so two
 * instances never work on one job, and a dead instance's jobs are taken over when its leases run
 * out. Every write of a worker is fenced by owner: a worker whose job was taken over is interrupted
 * and writes nothing. Dispatch (ADMITTED → SUBMITTING) draws from each provider's **token bucket** in
 * `upstream_bucket` — the organisation's own requests per minute for that key, shared by all
 * instances; a provider 429 empties and pauses it for every instance. Dispatch is **fair**: a
 * team's n-th waiting job belongs to round ⌊(n−1)/w⌋ with weight w = 4 (dedicated), 2 (priority) or
 * 1 (standard), rounds go first, then tier priority, then the team served longest ago — priority
 * buys a larger share, and one team's burst of 200 jobs never starves another team's single job.
 * Batch jobs wait for the off-peak window (default 22:00–06:00 America/Los_Angeles); scheduled
 * jobs for their not-before time.
 *
 * **No duplicate creates.** The job's fingerprint (SHA-256 of the prompt, model, size, seconds) is
 * stored at submission and `submit_attempted_at` right before the create call. If the call's
 * outcome is unknown (timeout, 502/504) or the process dies before the provider id is stored,
 * the next attempt first lists the provider's jobs newest first back to two minutes before that
 * moment and adopts one with the same fingerprint that no other job holds (`Reconciler`); only if
 * there is none is the request sent again.
 *
 * **Tracking.** Webhooks reach a job only from providers that send them *and* whose signing secret
 * is configured (`Providers.webhooks`); others are polled from the start. Webhooks are recorded as a
 * *signal* on the job (`JobEvents`) and make it due at once; a `video.completed` signal sends the job
 * straight to ingest where the provider has a download endpoint, so a Sora video costs exactly one
 * create and three downloads (0 polls); a provider that delivers by result URL is read once for it. An event that arrives before the job has stored its
 * provider id is retried by the inbox for two minutes. A job is polled only when it has been quiet
 * for longer than it should take (`quiet-after` + `quiet-per-video-second` × seconds); then, and
 * always when webhooks are off, at adaptive intervals — a sixth of the job's age, at least 10 s
 * (`min-poll-interval`), at most 60 s, ±20 % jitter. An early webhook (status not completed yet)
 * sends the job back to tracking.
 *
 * **Ingest** copies the video, then the previews the provider declares, each streamed through
 * `StallGuard` (closes a download that delivers nothing for 60 s — the JDK client has no read timeout
 * for bodies) and `ReadAhead` (a background thread reads up to 1 MiB ahead, so download and upload
 * overlap) into `ObjectStore.put` (multipart in 5 MiB parts), recording size, SHA-256 and origin in
 * `video_asset`. Each download's first bytes say what it really is (`media/ContentKind`): a video that
 * is not one is retried; a "thumbnail" that is an MP4 (servers that ignore `variant`) is thrown away.
 * A missing preview is never a failure. The video is also written to a local temporary file as it
 * uploads (`Tee`), and its facts (duration, size, codec, sound) are read from it. Keys are
 * `teams/{teamId}/videos/{jobId}/{variant}.{ext}` (the extension follows the real type). Retried steps
 * overwrite the same keys; a failed job's objects are deleted. When the video cannot be downloaded,
 * the status decides: not ready yet → back to tracking; failed → fail with its error; completed and
 * its copy known to be gone (the provider's `expires_at` or `data_removed`, or the result URL's
 * lifetime passed) → FAILED (`content_expired`), charged per policy, objects removed; completed with
 * no known expiry → retried, and failed uncharged if it never comes back.
 *
 * **Deriving** (`media/Previews`, the DERIVING state) makes whatever preview is missing from the
 * stored video, decoding the local copy (or, after a restart, a fresh download from storage into a
 * temporary file; never the whole video in heap) with FFmpeg through JavaCV's JNI bindings: one
 * sequential decode picks 10 evenly spaced frames for the spritesheet and the poster (the one nearest
 * the middle that is not blank). At most `reelgate.media.concurrent-derivations` run per instance; a
 * job that finds no free slot waits its turn. A video FFmpeg cannot decode still completes, without
 * previews: it was delivered and paid for. The charge is the provider's figure of the length, else
 * the file's duration, never more than was reserved.
 *
 * *Why FFmpeg (JavaCV) and not jcodec:* jcodec (pure Java, already used by the simulator to encode)
 * decodes provider videos correctly but at ~100 ms a frame, and seeking in a single-keyframe clip
 * decodes from the start: 25 s for 10 tiles of an 8 s 720p clip, 54 s at 1080p. FFmpeg does the same
 * decode in 0.6 s and 1.6 s (docs/benchmarks.md) and reads every codec and container providers use.
 * The cost is 25 MB of Linux x86-64 natives in the packaged app (no executable is run; `javacv`
 * without its other presets), loaded once per JVM (parent-first in dev mode so live reload does not
 * load them twice).
 *
 * **Crash safety.** Every step is one external call followed by one short transaction, so a crash
 * leaves the job in its last recorded state with its lease taken; when the lease expires (at most
 * 30 s after the dead instance's last renewal) the job resumes from there: SUBMITTING reconciles, SUBMITTED tracks, INGESTING copies what is missing,
 * DERIVING makes what is missing from the stored copy.
 * `CrashPoints` lets tests kill the worker between any two steps (claim, create, storing the
 * provider id, webhook handling, each download and upload, deriving, settlement); the tests restart it and
 * check that the job completes, is charged exactly once, leaves no reservation and no unrecorded
 * object, and that the provider saw exactly one create.
 *
 * **Cancel and delete.** Canceling an ADMITTED job settles it at once (nothing charged); a job
 * already at the provider is flagged, canceled there by its worker (where the provider can cancel)
 * and settled per policy; a job being saved or finished can no longer be canceled. Deleting a stored
 * video removes its objects and, where the provider can delete, best effort its copy; the job row
 * stays (marked deleted) for the ledger.
 *
 * **Read models.** `VideoJob` is this package's own: only its services write a job. Other packages
 * read one as `JobView`, an immutable copy taken when the row was read (`JobQueries`, `Queued`), and
 * change it through `GenerationService`, `VideoRemoval` and the like (`ArchitectureTest`).
 *
 * **Metrics** (`/q/metrics` on the management port 9000, never the public one): `reelgate_jobs{state}`, `reelgate_queue_depth`,
 * `reelgate_jobs_finished_total{outcome,code}`, `reelgate_jobs_success_ratio` (24 h),
 * `reelgate_jobs_generation_seconds`, `reelgate_jobs_ingest_seconds`, `reelgate_jobs_polls_total`,
 * `reelgate_jobs_provider_errors_total{kind,code}`, `reelgate_jobs_discarded_variants_total{provider,variant}`,
 * `reelgate_media_derivations_seconds{provider,outcome}`, `reelgate_provider_calls_seconds{call,outcome}`
 * and `reelgate_team_spend_usd{team}` (current period). Every label is bounded: providers and models
 * come from configuration, and `code` is one of the codes Reelgate knows (`PipelineMetrics.CODES`)
 * or `other` — a provider's free-form code never becomes a series of its own. The `team` label costs
 * one series per team; `reelgate.metrics.team-spend=false` drops the gauge.
 */
package io.reelgate.generation;
