/**
 * The operator console: every team, tiers, limits, budgets, providers and models, provider health.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Operator console (ops/, /ops)</h2>
 *
 * All teams with tier, budget, spend this period, queue depth and members; failures of the last
 * 7 days by error code; ledger reconciliation (loaded after the page, it sums every total). Per
 * team: tier, enterprise limits (both or neither), monthly budget, allowed models (`team.allowed_models`,
 * null = all; admission refuses others and the studio offers only those) and archive/restore
 * (archived teams keep videos, links and ledger; admission refuses every submission and
 * invitations are refused), its people and invitations with resend, and "invite an admin" for a
 * team whose admins left. Creating a team invites its first admin in the same transaction. Both
 * consoles mail invitations through `notify/InvitationSender` (a failed mail keeps the invitation
 * and shows the link once).
 *
 * Routes (`RouteHealth`), right under the teams: per model sold by several providers its
 * operator's policy, and per route its circuit breaker (`provider/RouteBreakers`: closed, open
 * until when, half open; failures in a row; last error) with the jobs and spend of the last 24 h
 * of business time (jobs on the route created or finished in the window; spend the sum of their
 * charges, read through the partial index on `video_job.model_id`).
 */
package io.reelgate.ops;
