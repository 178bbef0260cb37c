package io.reelgate.videos;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How stored videos reach browsers, and share-link defaults. */
@ConfigMapping(prefix = "reelgate.gallery")
public interface GalleryConfig {

    /** How media is delivered. */
    enum Delivery {
        /** Redirect to a presigned URL of the object store (the store serves bytes and ranges). */
        REDIRECT,
        /** Stream through Reelgate with HTTP Range support (the store need not be reachable from browsers). */
        PROXY
    }

    @WithDefault("redirect")
    Delivery delivery();

    /** Lifetime of presigned media URLs. */
    @WithDefault("1H")
    Duration presignTtl();

    /** Default lifetime of a new share link ("never" is also offered). */
    @WithDefault("30D")
    Duration shareDefaultTtl();

    /** Wrong passwords allowed per share link per 15 minutes before further tries are refused. */
    @WithDefault("5")
    int sharePasswordAttempts();

    /** How long a share page's view ticket lets its player fetch the video (covers one viewing). */
    @WithDefault("6H")
    Duration shareTicketTtl();

    /** Gallery cards per page. */
    @WithDefault("24")
    int pageSize();
}
