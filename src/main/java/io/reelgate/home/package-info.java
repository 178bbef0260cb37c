/**
 * The team home (/t/{team}) and the profile page (/me).
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Team home (home/, /t/{team})</h2>
 *
 * Where a member lands after signing in (`TeamHome`, read-only): the team's budget left this period
 * (remaining, limit, spent, reserved, reset date; `Ledger.balance`, the figure admission uses), the
 * member's own cap (their `member_cap` or the team's default, against `member_period_total`), the
 * team's running jobs (`JobQueries` ACTIVE, five, with a link to the rest), the member's and the
 * team's latest finished videos (`GalleryQueries`, four each, the gallery's cards), the team's tier,
 * limits and people, a "Generate a video" entry, and for admins the spending alerts that fired
 * this period (`budget_alert` rows of the current period, with whether they were mailed). It lives
 * in its own package above `budget`, `generation` and `gallery` so that `team` stays a leaf.
 */
package io.reelgate.home;
