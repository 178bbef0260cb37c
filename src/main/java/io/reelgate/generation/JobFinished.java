package io.reelgate.generation;

/**
 * A job reached a terminal state; fired synchronously inside the transaction that finished it, so
 * whatever an observer writes (e.g. the webhook outbox) commits or rolls back with it.
 */
public record JobFinished(long jobId, long teamId, JobState state) {
}
