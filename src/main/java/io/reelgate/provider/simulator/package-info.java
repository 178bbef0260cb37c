/**
 * The provider simulators, one per wire format, in the app (dev, test) or standalone (quarkus.profile=simulator).
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Production deployment (deploy/, production/ProductionEndToEndIT)</h2>
 *
 * One jar, three roles, chosen by the runtime profile: `prod` (the app), `dev`/`test` (the app with
 * embedded services), and `simulator` — the standalone provider simulator for compose and the
 * end-to-end test. In the `simulator` profile `provider/simulator/StandaloneGuard` answers 404 for
 * every route outside `/sim/` before matching, the scheduler and pipeline workers are off, storage is
 * disabled (`reelgate.storage.enabled=false`: no bucket, no storage readiness), OIDC is off, and
 * Hibernate starts offline against a datasource it never opens (the persistence unit is wired at build
 * time and Quarkus refuses an inactive one that beans inject); its readiness therefore reports the
 * datasource down, so it is probed on liveness. `reelgate.simulator.public-url` is the address it hands
 * out in Veo file URIs and Replicate URLs; its webhooks go only where configured.
 *
 * Several instances share everything through PostgreSQL and the bucket (deploy/README.md, "Scaling
 * notes"); the pipeline's lease owner names the process (`pid 4242@host/1a2b3c4d`), so an operator can
 * see which instance holds a job. Production sends PKCE, and the state cookie is encrypted with a
 * secret all instances share, because the IdP's callback may reach another instance than the one that
 * sent the user there.
 *
 * `ProductionEndToEndIT` (failsafe, after `package`) is the proof: real PostgreSQL (zonky binaries as a
 * server process), S3Proxy, GreenMail, Keycloak 26.7.3 with `deploy/keycloak/reelgate-realm.json`, the
 * simulator, two `prod` instances with the image's JVM options, Caddy with `deploy/compose/Caddyfile`;
 * Chromium for the sign-ins, the studio, both galleries and a share link; SIGKILL of one instance
 * while 30 API jobs run. `DeploymentFilesTest` holds compose and the Kubernetes manifests to what the
 * app needs (variables, probes on 9000, pinned public images, non-root); yamllint runs in `.ci/run`.
 *
 * <h2>Vertex AI (Veo) simulator</h2>
 *
 * `VertexSimulator` serves `/sim/vertex`: Google's OAuth token endpoint (`/token`) verifies RS256
 * service-account assertions against the key files of `reelgate.simulator.vertex.service-account-files`
 * (default: the dev-only `simulator/vertex-service-account.json`, whose public key it derives from the
 * private key) and accepts `aud` = `https://oauth2.googleapis.com/token`, which google-auth-library-java
 * signs even when its token server URI points here. Its bearer tokens guard Veo's `predictLongRunning`
 * and `fetchPredictOperation` (a plain GET of an operation is 404, as on Vertex) and a Cloud Storage JSON
 * API for results written to `storageUri`; tests revoke tokens with `revokeTokens()`. Quota errors carry
 * a `RetryInfo` delay; filtered prompts finish without videos, as Vertex reports them.
 */
package io.reelgate.provider.simulator;
