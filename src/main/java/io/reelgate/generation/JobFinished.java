package io.reelgate.generation;

/**
 * A job reached a terminal state; fired synchronously inside the transaction that finished it, so
 * whatever an observer writes (e.g. the webhook outbox) commits or rolls back with it.
 * {@code storyboardId}: the storyboard the job is a shot of (null: none).
 */
public record JobFinished(long jobId, long teamId, JobState state, Long storyboardId) {
}
