/**
 * Users provisioned from the ID token and the current user; knows no team (rank 0).
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Identity</h2>
 *
 * `identity/CurrentUser` turns the OIDC principal into a `User` row on first use in a request:
 * `UserDirectory.signIn` finds the user by (issuer, subject) — the issuer can be pinned with
 * `reelgate.identity.issuer` because the dev IdP changes URL every run — and creates it with an
 * `insert … on conflict do nothing` so concurrent first requests cannot duplicate it. Profile
 * fields, the operator flag (IdP role) and IdP group memberships are refreshed only when the ID
 * token differs from the last one synced (stored as a SHA-256), so ordinary requests only read.
 *
 * Memberships have a source: `IDP` rows mirror the groups claim and are replaced at each sign-in;
 * `APP` rows (invitations, admin changes, demo seed) are never touched by the sync. The effective
 * role is the highest of the two.
 */
package io.reelgate.identity;
