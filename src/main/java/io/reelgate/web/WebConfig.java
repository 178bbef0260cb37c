package io.reelgate.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The web front. */
@ConfigMapping(prefix = "reelgate.web")
public interface WebConfig {

    /**
     * Public base URL of this Reelgate, without a trailing slash, used for links in emails and
     * absolute URLs in share pages (env {@code REELGATE_WEB_BASE_URL}).
     */
    @WithDefault("http://localhost:8080")
    String baseUrl();
}
