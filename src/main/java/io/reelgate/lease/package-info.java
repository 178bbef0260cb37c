/**
 * Leases that follow their holder: one keeper ({@link io.reelgate.lease.Leases}) renews, fences and
 * releases every leased row of every package, whatever the table.
 */
package io.reelgate.lease;
