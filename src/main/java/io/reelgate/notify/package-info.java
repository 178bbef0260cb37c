/**
 * Mail: templates, sending, invitation mails, the spending-alert outbox and the weekly digest.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Spending alerts (notify/BudgetAlertMailer)</h2>
 *
 * The settling transaction decides which thresholds a charge crossed and records each in
 * `budget_alert` (unique per team, period and threshold, so concurrent settlements on several
 * instances record it once). That table is an outbox of `outbox/Outbox`: the mailer claims pending rows
 * under a lease, groups the rows one transaction recorded (`tx_id`) into one mail naming
 * the highest threshold, sends it (HTML and text Qute templates: spent, budget, remaining, the
 * run-rate forecast and the run-out date, a link to the usage dashboard) to the recipients and marks the rows
 * delivered. A crash after recording leaves rows pending until the lease expires; a failed send is
 * retried with backoff (`reelgate.alerts.*`). A crash between sending and marking can send one
 * duplicate — the one window left. Every mail (alerts, digests, invitations, the test mail) goes through
 * `Postman.deliver`, which tries up to three times on a transient SMTP reply or a dropped
 * connection: pooled connections can outlive the server's idle timeout and answer `421`.
 *
 * Recipients are the members an admin ticked in the budget settings (`alert_recipient`), or every
 * team admin when none is ticked. Threshold alerts below 100 % respect a personal opt-out
 * (`app_user.mail_threshold_alerts`, on the profile page); 100 % and budget-exhausted mails always go
 * out. **Budget exhausted**: a refusal by the budget is announced by admission (`budget/BudgetExhausted`)
 * and recorded as an `EXHAUSTED` row in the same outbox (unique per team and period) by
 * `budget/ExhaustionAlerts` after the refusing transaction has ended — every submit path rolls its
 * refusal back to free its claim — so the mail goes out once however many requests are refused. **Weekly digest** (`notify/WeeklyDigest`,
 * opt-in per user): hourly, for each opted-in admin or recipient of an active team, a
 * `digest_sent (team, user, week)` row is claimed and the last full Monday–Sunday week (team time
 * zone) is mailed; a failed send drops the claim so the next run retries.
 */
package io.reelgate.notify;
