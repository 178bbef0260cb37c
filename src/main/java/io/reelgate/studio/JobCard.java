package io.reelgate.studio;

/** A job as a card on the page shows it: status in words, progress, poster, cost, explanation, actions. */
public record JobCard(long id, String state, String stateLabel, String tone, String step, String prompt,
        String shortPrompt, String model, String size, int seconds, String created, String elapsed, int progress,
        boolean progressKnown, boolean active, boolean done, boolean failed, String posterUrl, String pageUrl,
        String cost, String costLabel, Failures.Explanation explanation, boolean canCancel, boolean canRemix,
        boolean draft, String queuedFor, boolean batch, String author, boolean rewriteAdvice, String providerLabel,
        String remixUnavailable, String finalModel) {
}
