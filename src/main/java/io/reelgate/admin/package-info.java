/**
 * The team admin console: usage dashboard, members and invitations, budget settings, change history, ledger view and export.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Admin console (admin/, /t/{team}/admin)</h2>
 *
 * All routes are `@TeamAdminOnly`; the tabs are Usage, Members, Budget & alerts, Routes, Ledger, Webhooks
 * (see the Videos API), History.
 *
 * - **Usage dashboard** (`AdminResource`, `Usage`): spend this period against the budget, the
 *   run-rate forecast (`budget/Forecast`: spend so far at the same pace to the period end, the
 *   first hour counting as an hour) and the run-out date; spend per day, member and model; job
 *   outcomes by error code; once anything was made through the API, spend per API key (charges and
 *   refunds of the period joined to their job through the reservation). Spend comes from `spend_day` (team, period, local day, member, model),
 *   kept by an `AFTER INSERT` trigger on `ledger_entry` in the same transaction as every charge,
 *   refund and adjustment; the dashboard reads at most days × members × models rows however long
 *   the ledger is (benchmark: p95 17 ms at 100,000 entries). Outcomes are an index-only count over
 *   the period's finished jobs. Charts are SVG strings built in `Charts` (no JavaScript): each an
 *   `role="img"` with `<title>` and `<desc>`, styled by classes (the CSP forbids inline styles):
 *   a burn-up (spend so far, its projection, the budget line and the run-out day) and spend per day,
 *   each in a wide and a compact variant switched by CSS, then ranked bars per member, model and
 *   outcome; every number is also in a table. Axes end on round steps with headroom (`niceCeiling`).
 *   `?period=YYYY-MM-DD` shows one of the last twelve periods with money in them (from
 *   `period_total`): its final numbers, no forecast, against today's budget settings (budgets are
 *   not versioned; their changes are in the audit trail).
 * - **Members** (`MembersResource`, `team/MemberAdmin`): role changes and removals lock the team
 *   row first, so two admins demoting each other at once leave one admin; the last admin can be
 *   neither demoted nor removed, and IdP-granted rights are changed at the IdP, not here.
 * - **Invitations** (`team/Invitations`, `team/InvitationResource`): a 256-bit token, stored as
 *   SHA-256, mailed and shown once; it expires (`reelgate.teams.invitation-ttl`, 7 days), works
 *   once (consumed under a row lock in the transaction that adds the membership), and is bound to
 *   the invited address — the signed-in user's email must be verified by the IdP (or
 *   `reelgate.identity.trust-emails`) — unless the admin chose "anyone with the link". Resending
 *   replaces the token; revoking ends it. A team sends at most `reelgate.teams.invitations-per-hour`
 *   (50) invitation mails an hour (429 beyond), counted from the audit trail's sent/resent rows. `/invitations/{token}` requires sign-in (OIDC brings the
 *   invitee back) and accepting is a POST, so link scanners cannot use it up.
 * - **Budget & alerts** (`SettingsResource`, `TeamSettings`): amount, reset day, time zone, hard or
 *   soft cap and allowance, default and per-member caps, thresholds and recipients, validated
 *   field by field and written in one transaction, or nothing at all. The tier is shown read-only.
 * - **Routes** (`RoutesResource`, `RouteSettings`): per model sold by several providers
 *   (`provider/ModelRoutes`) that the operator's allow-list lets the team use, the operator's
 *   policy and the team's own — the operator's, preferred then fallbacks, cheapest available, or
 *   pinned to one route — and a "may use" box per route (data residency, contracts), each route
 *   with its price at its cheapest size and its breaker. A form is checked whole (unknown model or
 *   route, a pin on a route left out, every route left out, any change to a model the operator
 *   pinned) and stored in `team/RoutePolicies` with one audit row per changed value
 *   (`routes.policy`, `routes.excluded`), or nothing is written. "Operator's policy" with
 *   nothing left out deletes the team's row; with routes left out it stores the operator's
 *   policy of the day next to them.
 * - **Spend per route** (`RouteSpend`, on the usage dashboard once a routed model was used):
 *   the period's charges and refunds by the route their reservation ended on — "Veo 3.1 via
 *   Vertex AI" for a routed job, the model otherwise.
 * - **History**: the team's audit trail.
 *
 * <h2>Ledger view and export (admin/LedgerResource)</h2>
 *
 * `/t/{team}/admin/ledger` (`@TeamAdminOnly`) lists ledger entries (`budget/LedgerEntries`) newest
 * first with their member, filtered by kind and dates, keyset-paged by id; each page's videos come
 * from `generation/JobQueries.byReservations` and storyboards from `budget/ReservationSequences`.
 * `ledger.csv` streams the same rows through a JDBC cursor, 1,000 at a time, into a buffered
 * writer: RFC 4180 quoting with CRLF records, UTF-8, and text cells starting with `=`, `+`, `-`,
 * `@`, tab or CR prefixed with an apostrophe so spreadsheets never evaluate them (`Csv`).
 */
package io.reelgate.admin;
