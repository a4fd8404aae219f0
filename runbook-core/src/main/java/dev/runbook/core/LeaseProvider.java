package dev.runbook.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Named leases in a store every replica shares, so a job runs on one node at a time: the node
 * that takes a job's lease runs it, the others skip that run. A lease lasts at most its time (a
 * node that dies holding it loses it then) and at least its minimum (so a second node's run of
 * the same period, a little later, finds it still held). runbook-jdbc implements it on a shared
 * database through ShedLock.
 */
public interface LeaseProvider {

  /** This node's name, as it is recorded with the leases it takes. */
  String node();

  /**
   * Takes the lease {@code name} if nobody holds it.
   *
   * @param atMost how long the lease lasts unless released: longer than the longest run
   * @param atLeast how long it lasts even when released sooner
   * @return the lease, or empty while another node holds it
   */
  Optional<Lease> acquire(String name, Duration atMost, Duration atLeast);

  /** Who took the lease {@code name} last, and until when; empty if nobody ever has. */
  Optional<Holder> lastHolder(String name);

  /** A lease this node holds. */
  interface Lease {
    /** Gives it back (it stays taken until its minimum has passed). */
    void release();
  }

  /**
   * The node that took a lease last.
   *
   * @param node its name
   * @param takenAt when it took it
   * @param until when the lease ends (or ended)
   */
  record Holder(String node, Instant takenAt, Instant until) {}
}
