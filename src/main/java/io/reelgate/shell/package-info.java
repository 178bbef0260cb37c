/**
 * The frame every page shares: layout data, flash delivery, the front door, error pages and API error bodies, security headers, colour schemes.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Look: colour schemes</h2>
 *
 * `app.css` draws everything with colour tokens (`:root`); `@media (prefers-color-scheme: dark)`
 * redefines them, so every page — charts included (their SVG classes use the tokens) — follows the
 * system setting with no switch and no script. `<meta name="color-scheme" content="light dark">`
 * lets form controls and scrollbars follow too. `web/ColourSchemeBrowserTest` loads six pages in
 * Chromium in both schemes and checks every visible text against WCAG AA (4.5:1) from the computed
 * styles; `ScreenshotTour#homeAndDarkScheme` takes the `dark-*` screenshots.
 */
package io.reelgate.shell;
