/**
 * Zero-install PostgreSQL and S3 for dev and test; never active in production.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Embedded services (dev and test)</h2>
 *
 * `embedded/EmbeddedServicesConfigSourceFactory` contributes a config source with ordinal 50
 * (below `application.properties` and the environment) for the `dev` and `test` profiles only. It
 * offers `quarkus.datasource.jdbc.url` and `reelgate.storage.endpoint` **lazily**: only when no
 * other source defines them is the value asked for, and only then is the service started:
 *
 * - **PostgreSQL** (`LocalPostgres`): zonky embedded binaries (provided scope, so absent from the
 *   packaged app). Dev keeps `target/embedded/pgdata`; tests use a fresh temporary directory. An
 *   orphaned postmaster from a killed JVM is stopped first.
 * - **S3** (`LocalS3Server`): the S3Proxy fat jar as a child process on `127.0.0.1:0` (its bundled
 *   libraries clash with Quarkus in-process); the bound port is read from its log. Maven's
 *   `initialize` phase copies the jar to `target/embedded/` (dev mode runs that phase too). The
 *   child stops with the JVM; an orphan is found by pid file and stopped at the next start.
 *
 * Both record their URL in a system property, so dev-mode live reload (new class loader) reuses the
 * running server instead of starting a second one. The bucket is created at start-up
 * (`ObjectStore`), and `/q/health/ready` (management port 9000, like all of `/q/health` and `/q/metrics`; the
 * public port answers 404 for them — `web/ManagementInterfaceTest`) reports database and storage.
 *
 * Tests add GreenMail as a real SMTP server (`testing/GreenMailResource`, a global test resource)
 * and sign in through the OIDC dev service's real login form (`testing/Login`).
 */
package io.reelgate.embedded;
