/**
 * The gallery, video pages, media delivery, share links, and the job cards every page shows.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Gallery, video pages and sharing (gallery/)</h2>
 *
 * - **Gallery** (`/t/{team}/gallery`, `GalleryQueries`): one SQL query per page with every filter
 *   (model, member, date range in the team's time zone, outcome, favourites) and the prompt search
 *   (`websearch_to_tsquery('english', …)` against a stored generated `tsvector` column with a GIN
 *   index, so "lighthouses" finds "lighthouse"). Pages are keyset-paginated on
 *   `(finished_at, id)` over the partial index `video_job_gallery`; the "more" link is a plain link
 *   that HTMX loads when it scrolls into view (`hx-trigger="revealed"`), and videos that arrive in
 *   the meantime never shift later pages. Cards carry the spritesheet URL; `app.js` shows it over
 *   the poster and moves `background-position` with the pointer (and steps through it on keyboard
 *   focus) — CSSOM changes, so the CSP still forbids inline styles. Favourites are per member
 *   (`video_favourite`).
 * - **Video page** (`/t/{team}/videos/{id}`, `VideoResource`): player, prompt, parameters, cost,
 *   timings, remix and "continue from last frame" (both open the studio), download, and delete
 *   behind a `<details>` confirmation (objects and the provider copy removed, share links revoked,
 *   the job row and its ledger entries kept). `VideoPage` renders it for every resource that answers
 *   with it.
 * - **Extend** (`…/videos/{id}/extend`, `ExtendResource`, `Extending`; issue 30): the card offers the
 *   seconds the source's provider adds (text when it adds one length), a prompt and the estimate for
 *   the added seconds (`AdmissionRequest.extension`); the form is claimed once by its token and
 *   submitted through `GenerationService` like every job, landing on the new job, or the page again
 *   with the refusal next to its field. Where `generation/Extensions.whyNot` says no, the button is
 *   disabled with that sentence and the card offers the last frame in the studio (or the stitched
 *   video's storyboard). Pages of a chain link "Extends …" and "Extended by …".
 * - **Media** (`…/videos/{id}/video|poster|spritesheet|download`) is checked against the team like
 *   every other path, then `MediaDelivery` either redirects to a short-lived presigned URL
 *   (`reelgate.gallery.delivery=redirect`, the default: the store serves bytes and ranges) or streams
 *   through the app (`proxy`, for stores browsers cannot reach): one range → 206 with
 *   `Content-Range`, several → the whole body (RFC 9110 allows it), unsatisfiable → 416, ETag =
 *   SHA-256 of the content, `If-None-Match` → 304, `If-Range` honoured; bodies stream from S3 in
 *   chunks and are never buffered whole.
 * - **Share links** (`ShareLinks`, `ShareSecrets`, public `ShareResource` at `/s/{token}`): a
 *   token is 32 random bytes (base64url) shown once; the database keeps its SHA-256 and a 6-character
 *   hint. Expiry (30 days by default, or never), a PBKDF2-HMAC-SHA256 password hash (600,000
 *   rounds, OWASP's figure; older hashes are re-hashed on the next right password), a view limit and download
 *   permission are per link. The page counts a view with one conditional `UPDATE` (so a limit cannot
 *   be overrun by concurrent opens); link-preview bots (user-agent list in `LinkPreviewBots`) get
 *   the same page and tags but are not counted. The page hands the player an HMAC-signed ticket
 *   (key in `app_secret`, shared by all instances) that media requests must carry, so a token grants
 *   exactly its one video and a counted view can still play after using the last view. Expired,
 *   revoked, used-up links and deleted videos answer 410 with a page that says which; unknown tokens
 *   404. Wrong passwords are counted per link: after 5 in 15 minutes the form refuses further tries
 *   (429 with `Retry-After`). OpenGraph/Twitter tags use absolute URLs from
 *   `reelgate.web.base-url` (or the request) and carry the poster's real pixel size
 *   (`PosterSizes` reads the image header only).
 */
package io.reelgate.gallery;

