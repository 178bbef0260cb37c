/**
 * The composer: live estimate, prompt lint, submissions, the job page, remix and continue from the last frame.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>The studio (studio/)</h2>
 *
 * `/t/{team}/studio` is one page: the composer on the left, the team's jobs as cards on the right.
 * Everything works as plain forms; HTMX only makes it live:
 *
 * - **Who does what.** `StudioResource` (page, submit, builder, cancel) and `StudioFragments`
 *   (options, estimate, lint, job list and card, stored first frame; the same path, which Quarkus
 *   REST merges) keep only HTTP. The posted composer is a record (`ComposerForm`, Bean Validation
 *   groups for a new video and a remix); `Composing` holds the rules: filling the form from an earlier
 *   video, normalising choices to the menu, checking against the model's catalog and the provider's
 *   image rules (`UploadedImages`), turning refusals into field errors. `StudioPage` renders.
 *
 * - **Composer.** The model select lists every provider the team may use, grouped by provider
 *   with the price per second (`ModelMenu`, values `provider/model`); sizes, durations, the sound
 *   choice and the first-frame field (its formats and whether it must match the size) follow the
 *   chosen model and its provider's capabilities (`/studio/options` swaps them). The estimate (`/studio/estimate`) is the same
 *   `PriceBook` figure admission charges, with "remaining after this" and the off-peak note. Prompt
 *   lint (`/studio/lint`, `PromptLint`, configurable term lists) warns about brands, real people,
 *   characters and violence and offers a rewrite; it never blocks. A submit re-checks every field
 *   server-side and re-renders the form with the values as typed and field errors (`aria-invalid`,
 *   `aria-describedby`) when anything is wrong; a refused admission shows its reason in words.
 *   **One rendered form makes at most one job** (`generation/Claim.formToken`, V17 `submit_claim`):
 *   the form carries a one-time token that `GenerationService.submit` claims in the admitting
 *   transaction, so a double click or a resent form answers with the first job (one reservation); a
 *   refused submission frees its token.
 *   `app.js` also disables the submit button while the post is in flight (`data-once`).
 * - **Sessions that end mid-work.** HTMX requests count as script requests for OIDC
 *   (`identity/HtmxRequests`, `java-script-auto-redirect=false`): an expired session answers them
 *   499 and `app.js` reloads, which signs in again, after saving the composer's text in the tab's
 *   session storage; the composer restores it when it comes back empty. A request lost on the
 *   network never reloads the page: a polling element backs off (2 s doubling to 60 s) until one
 *   succeeds.
 * - **Job cards** (`JobCards`): status in words, progress, poster, cost (estimate while running,
 *   charge when settled), and for failures an explanation from `Failures` (SPEC §2's error table:
 *   what happened, whether it cost anything, what to do). Unfinished cards poll their own fragment
 *   (`/studio/jobs/{id}`, `hx-trigger="every 2s"`) and stop polling once terminal; the list filters
 *   by mine/everyone and status and pages with keyset links. `JobQueries` reads cards with one
 *   query per page (no N+1: the benchmark measures 1,000 jobs).
 * - **References and a last frame** (issue 30). Where the chosen model takes them (a model with
 *   routes: any route the team may use), the options fragment offers up to its number of reference
 *   slots ({@code reference1}…, each with a {@code referenceKind}: a choice where it takes asset and
 *   style, else a fixed asset) and a last frame beside the first, with its rules in one line
 *   ({@code CreativeRules}). Each chosen image shows as a thumbnail with a remove button
 *   ({@code app.js}, object URLs). The estimate includes what the chosen boxes hold ({@code [data-chosen]
 *   [data-sketch]}) and plans it with stand-in images of the right size ({@code CreativeChoices}), so a
 *   model with routes is priced on a route that takes the references, and what the provider would
 *   refuse shows above the button. A submit checks each image like a first frame ({@code UploadedImages})
 *   and `GenerationService.submit` judges the rest; a refusal is shown next to {@code references} or
 *   {@code lastFrame}. Cards and the video page say "2 references · asset, style · last frame" (one
 *   query per page, {@code JobInputs.referenceKinds}).
 * - **Remix, draft → final, continue.** Remix pre-fills the composer from a finished job, where
 *   its provider can remix (elsewhere the card and video page say why there is none); "make it
 *   final" re-submits a draft on its catalog's final model (`final-model`); "continue from last
 *   frame" (`LastFrames`, where the provider takes a first frame) decodes the last frame of the stored
 *   MP4, scales it to the exact requested size, stores it as a team input image and opens the
 *   composer with it attached — once per video (`inputs/last-frame-{job}.png`, reused after), since
 *   the composer is a GET that links and prefetches open. `generation/InputSweep` deletes input
 *   images no job refers to once they are a day old (hourly).
 * - **Job page** (`/t/{team}/jobs/{id}`): everything about one job, including the provider's raw
 *   error, for the author and team admins.
 */
package io.reelgate.studio;

