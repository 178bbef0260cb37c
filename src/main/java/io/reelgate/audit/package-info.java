/**
 * The audit trail: one row per operator or team-admin change, written in the change's transaction.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Audit trail (audit/AuditTrail)</h2>
 *
 * `record(team, actor, action, subject, old, new)` is `@Transactional(MANDATORY)`: it joins the
 * transaction of the change, so a change and its audit row exist together or not at all, and an
 * unchanged value records nothing. Admins' changes (budget fields, caps, time zone, recipients,
 * roles, removals, invitations) and operators' (tier, limits, budget, models, archive, team
 * creation) are recorded; team admins see them under History, operators on the team's ops page.
 */
package io.reelgate.audit;
