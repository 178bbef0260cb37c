/**
 * The app's business clock: one InstantSource bean that tests replace.
 *
 * <p>Design notes (moved here from docs/architecture.md, which is now the map):
 *
 * <h2>Time (time/Clocks)</h2>
 *
 * Business time comes from one `java.time.InstantSource` bean: admission (the budget period, day and
 * second counters, off-peak scheduling), settlement, refunds and adjustments (ledger entries are
 * stamped with it, so `spend_day`'s local day agrees with the period), the forecast and dashboard,
 * spending alerts and the weekly digest, share-link and invitation expiry, the off-peak window of
 * the dispatcher, and the purge of old rate seconds. Machine time stays where it is operational:
 * retry times, provider calls, webhook signature timestamps (receivers compare them
 * with their own clocks). Tests replace the bean with `testing/TestClock` (an `@Alternative` that is
 * the system clock until a test sets it), so period tests run at the last second of a period, across
 * a DST change or on a reset day of 28 whatever the date (`PeriodsAtFixedInstantsTest`). Leases run on the
 * database's clock (`lease/Leases`), one clock for every instance.
 */
package io.reelgate.time;
