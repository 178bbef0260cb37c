package io.reelgate.gallery;

/**
 * A job as a card on the page shows it: status in words, progress, poster, cost, explanation,
 * actions. {@code apiKey}: the key's name when it was made through the Videos API
 * ("via API · name"), else null.
 */
public record JobCard(long id, String state, String stateLabel, String tone, String step, String prompt,
        String shortPrompt, String model, String size, int seconds, String created, String elapsed, int progress,
        boolean progressKnown, boolean active, boolean done, boolean failed, String posterUrl, String pageUrl,
        String cost, String costLabel, Failures.Explanation explanation, boolean canCancel, boolean canRemix,
        boolean draft, String queuedFor, boolean batch, String author, boolean rewriteAdvice, String providerLabel,
        String remixUnavailable, String finalModel, String apiKey) {
}
