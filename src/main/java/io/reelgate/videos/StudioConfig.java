package io.reelgate.videos;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The studio: upload limits and the prompt lint's word lists. */
@ConfigMapping(prefix = "reelgate.studio")
public interface StudioConfig {

    /** Largest input image accepted, in bytes. */
    @WithDefault("20971520")
    long maxImageBytes();

    /**
     * Prompt lint categories by key, e.g. {@code reelgate.studio.lint.brands.terms=Nike,Coca-Cola}.
     * A term found in a prompt (whole words, any case) produces a warning with the category's
     * advice and a rewrite that uses its replacement. Warnings never block a submission.
     */
    Map<String, LintCategory> lint();

    interface LintCategory {
        /** What people call the category, e.g. "Brand name". */
        String label();

        /** Terms to look for. */
        List<String> terms();

        /** What to write instead, used in the suggested rewrite. */
        String replacement();

        /** Why and how to rephrase. */
        String advice();

        /** Order in which categories are listed. */
        @WithDefault("50")
        int order();
    }
}
