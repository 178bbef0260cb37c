/**
 * The one durable outbox ({@link io.reelgate.outbox.Outbox}): rows owed to the outside — alert mails
 * ({@code notify}), outgoing webhooks ({@code api}), provider events for the pipeline ({@code provider})
 * — claimed under a lease of {@code lease/Leases}, attempted, retried with capped exponential
 * backoff, given up past a deadline and purged after a retention, with one set of metrics
 * ({@code reelgate.outbox.*}, tagged by outbox). Each feature keeps its table and what its rows mean
 * ({@link io.reelgate.outbox.OutboxTable}) and its own settings ({@link io.reelgate.outbox.Retries}).
 */
package io.reelgate.outbox;
