package io.reelgate.generation;

/** A job was queued; observed after its transaction commits, so the pipeline is woken when it can see the job. */
record JobQueued(long jobId) {
}
