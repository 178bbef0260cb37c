/**
 * Leaf plumbing every feature may use: CSRF, flash cookie, HTMX helpers, formats, SQL times, tokens, public URLs.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Forms and rows</h2>
 *
 * A posted form is a record; its constraints that need no database (lengths, patterns, `@IsoDate`)
 * are Bean Validation annotations, and `FormValidator.errors` is the one way they become the
 * field → message map a re-rendered form shows — in the record's component order, the first declared
 * constraint's message per field. Rules that need the catalog or the database are added to the same
 * map by the service. `Forms` reads checkboxes and optional text the same way everywhere. In
 * templates, the user tags in `templates/tags/` write the markup: `postForm` (method, action, CSRF
 * field, and `hx-post` from the same value with `hx=true`), `field` (label, control, hint, error),
 * `aria` (the control's `aria-invalid`/`aria-describedby`) and `fieldError`.
 *
 * Native queries are read through `SqlRow` (a `Tuple` read by column name); their SQL is a text block
 * naming every column. JDBC code reads `ResultSet` columns by name too.
 *
 * <h2>Hostile input (web/HostileInputTest)</h2>
 *
 * 325 malformed or hostile requests through the real routes (prompts: over the limit, empty,
 * whitespace of every kind, NUL and other controls, invalid UTF-8, combining marks, bidi controls;
 * model/size/seconds outside the catalog and of the wrong type; remix and frame references of other
 * teams; 18 kinds of bad image — not an image, truncated, wrong size, 20,000 × 20,000 and 2³¹-wide
 * headers, SVG, animated GIF, BMP, EXIF-turned and -flipped JPEG, empty, over the limit — and a body
 * declared over the request limit; CSRF missing, wrong and from another session on seven forms;
 * budget, cap, threshold, reset-day, time-zone and limit values; member, invitation, key, webhook
 * endpoint and share-link forms; share and invitation tokens of wrong length and alphabet; Videos API
 * bodies that are not JSON, of the wrong types, with duplicated keys or invalid UTF-8; provider
 * webhooks that are not JSON, too large, stale, future or tampered; operator forms). Each must get a
 * 4xx with a message (provider webhooks and the declared-size refusal may be bodiless), and leave
 * the team's rows (every table with a `team_id`, plus its assets, favourites and idempotency records)
 * and its storage prefix exactly as they were. Searches with tsquery, regex and SQL characters are
 * the deliberate exception (16 cases): they are text to look for, so they answer 200 and match
 * nothing. What the suite found is fixed where the input enters: `generation/PromptText` (visible,
 * storable text, for studio and API alike), `InputImage.defect()` (truncated files, EXIF
 * orientation), strict JSON in the API (types, duplicate keys), and `ErrorMapper`'s backstops
 * (SQLSTATE 22021/22P05 and the driver's NUL refusal → 400; a broken %-escape → 400; a body over
 * `quarkus.http.limits.max-body-size` → 413).
 */
package io.reelgate.web;
