package io.github.wecom4j.gateway.message;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Group commit: many request threads each want one small write made durable before they answer;
 * instead of one transaction (and one disk flush) each, the writes that arrive while a commit is
 * under way are written together in the next transaction. {@link #commit} returns only after the
 * transaction holding the caller's item has committed, and throws that transaction's exception if
 * it failed, so a caller never reports success for an item that is not stored, and a failed batch
 * fails only the items in it.
 *
 * <p>No thread of its own (leader/follower): a caller that finds a writer slot free drains the
 * queue and writes a batch on its own thread, while callers arriving meanwhile wait. After every
 * batch the writer wakes the caller at the head of the queue, which takes the slot next; a caller
 * that enqueues while every slot is taken is therefore always either woken or finds a slot free.
 * Nothing to start or stop, and nothing left behind when the web server stops (every item in the
 * queue belongs to a request still waiting, and that request writes it if no one else does).
 *
 * @param <T> what one caller writes
 */
final class GroupCommit<T> {

    /** Thrown to a caller when {@link #maxQueued} items already wait: nothing was stored. */
    static final class Overloaded extends RuntimeException {
        Overloaded(int max) {
            super("more than " + max + " writes are waiting for the database");
        }
    }

    private static final int PENDING = 0;
    private static final int COMMITTED = 1;
    private static final int FAILED = 2;
    /** A waiter re-checks at least this often, as a safety net behind the explicit wake-up. */
    private static final long PARK_NANOS = 20_000_000;

    private static final class Waiter<T> {
        /** Written in one transaction, never split: a caller's items are all stored or none. */
        final List<T> items;
        final Thread thread;
        volatile int state = PENDING;
        volatile RuntimeException error;

        Waiter(List<T> items, Thread thread) {
            this.items = items;
            this.thread = thread;
        }
    }

    private final ConcurrentLinkedQueue<Waiter<T>> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Semaphore writers;
    private final int maxBatch;
    private final int maxQueued;
    private final Consumer<List<T>> writeInOneTransaction;
    private final Consumer<Integer> batchSizes;

    /**
     * @param writers               batches written at the same time (more than one lets a batch be
     *                              built while the previous one waits for its disk flush)
     * @param maxBatch              items per transaction at most (one caller's items are never
     *                              split, so a caller with more than this is written alone)
     * @param maxQueued             items waiting at most; beyond it callers get {@link Overloaded}
     *                              (a caller with more than this is taken only when nothing waits)
     * @param writeInOneTransaction writes the items in one transaction, all or nothing; throws when
     *                              the transaction did not commit
     * @param batchSizes            told the size of every batch committed (metrics)
     */
    GroupCommit(int writers, int maxBatch, int maxQueued, Consumer<List<T>> writeInOneTransaction,
                Consumer<Integer> batchSizes) {
        if (writers < 1 || maxBatch < 1 || maxQueued < 1) {
            throw new IllegalArgumentException("writers, maxBatch and maxQueued must be positive");
        }
        this.writers = new Semaphore(writers);
        this.maxBatch = maxBatch;
        this.maxQueued = maxQueued;
        this.writeInOneTransaction = writeInOneTransaction;
        this.batchSizes = batchSizes;
    }

    /**
     * Returns once all of {@code items} are committed, in one transaction; throws the exception of
     * that transaction otherwise (then none is stored, or, for an exception at commit itself, not
     * known to be).
     */
    void commit(List<T> items) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("nothing to commit");
        }
        // In the queue before it is counted: the count (the intake-waiting gauge) never shows an
        // item a writer draining the queue cannot see yet. Refused only if no writer took it
        // meanwhile: one that did will store it, so the caller waits for it as for any other.
        Waiter<T> me = new Waiter<>(List.copyOf(items), Thread.currentThread());
        queue.add(me);
        int waiting = queued.addAndGet(items.size());
        if (waiting > maxQueued && waiting != items.size() && queue.remove(me)) {
            queued.addAndGet(-items.size());
            throw new Overloaded(maxQueued);
        }
        boolean interrupted = false;
        while (me.state == PENDING) {
            if (writers.tryAcquire()) {
                boolean wrote;
                try {
                    wrote = writeOneBatch();
                } finally {
                    writers.release();
                }
                wakeHead();
                if (!wrote && me.state == PENDING) {
                    // Our items are in the batch another writer is committing: wait for it to wake
                    // us, rather than taking the free slot again and again for an empty queue.
                    LockSupport.parkNanos(this, PARK_NANOS);
                    interrupted |= Thread.interrupted();
                }
            } else {
                LockSupport.parkNanos(this, PARK_NANOS);
                // The item may already be in a batch being written: the caller must learn its fate,
                // so an interrupt is kept for later rather than ending the wait (or spinning on it).
                interrupted |= Thread.interrupted();
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (me.state == FAILED) {
            throw me.error;
        }
    }

    /** Items waiting now (metrics). */
    int queued() {
        return queued.get();
    }

    /** Writes the callers at the head of the queue in one transaction; false when the queue was empty. */
    private boolean writeOneBatch() {
        List<Waiter<T>> batch = new ArrayList<>();
        List<T> items = new ArrayList<>();
        Waiter<T> w;
        // Whole callers only: the next one joins while the batch stays within maxBatch items; the
        // first one is always taken, however many items it has.
        while ((w = queue.peek()) != null && (batch.isEmpty() || items.size() + w.items.size() <= maxBatch)) {
            if (queue.remove(w)) {
                batch.add(w);
                items.addAll(w.items);
            }
        }
        if (batch.isEmpty()) {
            return false;
        }
        queued.addAndGet(-items.size());
        RuntimeException error = null;
        Error fatal = null;
        try {
            writeInOneTransaction.accept(items);
        } catch (RuntimeException e) {
            error = e;
        } catch (Error e) {
            // The batch's other callers must not wait for ever (they were PENDING, their items taken):
            // they fail with it; the writer's own thread rethrows it below.
            fatal = e;
            error = new IllegalStateException("the intake's transaction failed: " + e.getClass().getSimpleName(), e);
        }
        for (Waiter<T> b : batch) {
            if (error == null) {
                b.state = COMMITTED;
            } else {
                b.error = error;
                b.state = FAILED;
            }
            if (b.thread != Thread.currentThread()) {
                LockSupport.unpark(b.thread);
            }
        }
        if (error == null) {
            batchSizes.accept(items.size());
        }
        if (fatal != null) {
            throw fatal;
        }
        return true;
    }

    /**
     * Called after releasing a writer slot: the caller at the head of the queue (if any) takes it.
     * A caller that enqueued after this look found the slot already free.
     */
    private void wakeHead() {
        Waiter<T> head = queue.peek();
        if (head != null) {
            LockSupport.unpark(head.thread);
        }
    }
}
