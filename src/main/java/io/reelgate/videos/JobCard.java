package io.reelgate.videos;

import io.reelgate.generation.RouteStory;

/**
 * A job as a card on the page shows it, in five parts: where it is ({@link Status}), what was asked
 * for and by whom ({@link Ask}), what it costs ({@link Cost}), what can be done with it
 * ({@link Actions}) and where its media live ({@link Links}); a failed job has an explanation, and
 * {@code rewriteAdvice} when rephrasing a blocked prompt keeps failing.
 */
public record JobCard(long id, Status status, Ask ask, Cost cost, Actions actions, Links links,
        Failures.Explanation explanation, boolean rewriteAdvice) {

    /**
     * The state in words and as a tone, the step it is at, progress in percent (known only while the
     * provider reports it), how long it has taken, and when a rate-limited job will be sent ("14:05").
     */
    public record Status(String state, String label, String tone, String step, int progress, boolean progressKnown,
            boolean active, boolean done, boolean failed, String queuedFor, String elapsed) {
    }

    /**
     * What was asked for; {@code apiKey}: the key's name when it came through the Videos API, else null;
     * {@code route}: for a model sold by several providers, which route made it and why, else null;
     * {@code creative}: what it was made from beside the prompt ("2 references · asset, style · last
     * frame"), else null.
     */
    public record Ask(String prompt, String shortPrompt, String model, String providerLabel, String size, int seconds,
            boolean batch, String author, String apiKey, String created, RouteStory route, String creative) {
    }

    /** The amount ("$1.20", "Not charged") and what it is ("Charged", "Reserved", or empty when free). */
    public record Cost(String amount, String label) {
    }

    /**
     * What the card offers: cancel while it is not yet saving; remix (else why not, in words); "make
     * final version" for a draft, on {@code finalModel}.
     */
    public record Actions(boolean canCancel, boolean canRemix, String remixUnavailable, boolean draft,
            String finalModel) {
    }

    /** The poster (finished videos with one) and the page the card links to (the video's, or the job's). */
    public record Links(String posterUrl, String pageUrl) {
    }
}
