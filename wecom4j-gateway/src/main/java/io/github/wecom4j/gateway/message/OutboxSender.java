package io.github.wecom4j.gateway.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.gateway.cluster.DatabaseClock;
import io.github.wecom4j.http.RetryPolicy;
import io.github.wecom4j.message.MessageJson;
import io.github.wecom4j.message.SendResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * Threads that work the outbox: claim due calls, reserve each member's budget, send, record.
 *
 * <p>Delivery guarantee (docs/messages.md): a call is sent by one sender at a time, and a call that
 * may already have been delivered is sent again only while WeCom's duplicate check would absorb the
 * copy; otherwise it ends {@code unknown}, never as a second copy.
 * <ul>
 *   <li>Claims: a batch is claimed with one lease, but each row is re-checked and its lease renewed
 *   right before its send ({@link OutboxRepository#beginAttempt}), and the lease of the row in flight
 *   is renewed by the {@link LeaseKeeper} for as long as the send takes. A row whose claim another
 *   sender took (our lease ran out before we reached it) is skipped. Every state change is
 *   conditional on the claim, so a late sender cannot overwrite a newer outcome.</li>
 *   <li>In doubt: an attempt that may have been delivered without an answer saying so (a timeout
 *   after the request left, a sender that died mid-send) makes the call "in doubt" from that
 *   attempt's start. It is resent only if the resend starts inside the body's
 *   {@code duplicate_check_interval} from then (minus a margin); such a resend does not take a new
 *   budget slot (the first attempt's reservation stands, and an absorbed copy is not counted).</li>
 *   <li>Retries: {@code -1} (system busy), frequency errors (45009, 45033, 6000) and transport
 *   failures are retried with exponential backoff up to {@code maxAttempts}; other errcodes are
 *   final. Failures of our own infrastructure (token store, database) never reached WeCom: they are
 *   retried without spending attempts.</li>
 * </ul>
 */
@Component
class OutboxSender implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxSender.class);
    private static final Set<Integer> RETRYABLE = Set.of(-1, WeComException.TRANSPORT_FAILURE, 45009, 45033, 6000);

    private final WeComClient wecom;
    private final OutboxRepository repository;
    private final MemberBudget budget;
    private final OutboxProperties props;
    private final Clock clock;
    /** Leases are compared across instances: the database's clock, not this JVM's ({@link DatabaseClock}). */
    private final Clock leaseClock;
    private final LeaseKeeper leases;
    private final OutboxMetrics metrics;
    private final TransactionTemplate tx;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private final Object wakeUp = new Object();
    /** Enqueues seen by {@link #wakeUp} since start: a sender compares it before and after a claim. */
    private final AtomicLong enqueues = new AtomicLong();
    /**
     * Held by the one sender that will claim again after a linger. One at a time: with every sender
     * that took calls lingering on its own, claims came a linger apart per sender, not per instance,
     * and still took only a few calls each.
     */
    private final AtomicBoolean lingering = new AtomicBoolean();
    /** Few senders at a time while callers post and delivery keeps up (see {@link IntakeFirstGate}). */
    private final IntakeFirstGate gate;
    private volatile boolean started;
    private volatile boolean running;
    /** Set by {@link #stop()}: senders finish the row in flight and hand the rest back. */
    private volatile boolean stopRequested;

    OutboxSender(WeComClient wecom, OutboxRepository repository, MemberBudget budget, OutboxProperties props,
                 @Qualifier("messageOutboxClock") Clock clock, OutboxMetrics metrics, TransactionTemplate tx,
                 @Qualifier("databaseClock") DatabaseClock leaseClock) {
        this.leaseClock = leaseClock;
        this.tx = tx;
        this.metrics = metrics;
        this.wecom = wecom;
        this.repository = repository;
        this.budget = budget;
        this.props = props;
        this.clock = clock;
        this.leases = new LeaseKeeper(repository, props.getLease(), leaseClock);
        this.gate = new IntakeFirstGate(props.getIntakeFirstSenders(), props.getIntakeFirstMaxLag().toNanos(),
                props.getIntakeFirstBusyCpu(), machineCpuLoad(), System.nanoTime());
        metrics.intakeFirst(gate);
    }

    /**
     * The machine's recent CPU load, 0 to 1 (the container's, in one: the JDK reads its cgroup);
     * negative when the JVM cannot tell, and then a lasting backlog lifts the intake-first limit.
     */
    private static DoubleSupplier machineCpuLoad() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os::getCpuLoad;
        }
        return () -> -1;
    }

    /** Calls sent since start (for the console and benchmarks). */
    long sentCount() {
        return sent.get();
    }

    /**
     * Called after every committed enqueue. Wakes one idle sender, unless a sender is lingering:
     * that one claims again within {@code claim-linger} (see {@link #loop}) and this enqueue rides
     * in that claim with the others that arrived meanwhile. So an idle outbox answers at once, and
     * under intake claims take many calls each instead of one (a wake-up per message made every
     * claim take a single call, and the senders' statements starved the intake). A sender that
     * claimed a full batch wakes the next one at once (there is more).
     *
     * <p>No enqueue is left for the poll: the count is raised after the commit, and the lingering
     * sender gives up its turn before it reads the count and claims, so an enqueue either finds no
     * one lingering (and wakes someone), or is committed before that claim starts (and is in it), or
     * raises the count during that claim (and that sender, or another one, lingers again).
     */
    void wakeUp() {
        enqueues.incrementAndGet();
        gate.enqueued(System.nanoTime());
        if (!lingering.get()) {
            wakeOne();
        }
    }

    private void wakeOne() {
        synchronized (wakeUp) {
            wakeUp.notify();
        }
    }

    private void wakeAll() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    /** How long a sender held back by the intake-first gate waits before it asks again. */
    private static final long GATED_PAUSE_MILLIS = 50;

    /** Waits up to {@code millis}, or until woken (an enqueue, a full batch elsewhere, stop). */
    private void pause(long millis) throws InterruptedException {
        synchronized (wakeUp) {
            if (running) {
                wakeUp.wait(millis);
            }
        }
    }

    /** Works due calls on the calling thread; returns how many were claimed. */
    int drainOnce() {
        Instant systemNow = leaseClock.instant();
        List<CallRow> claimed = repository.claim(props.getClaimBatch(), clock.instant(), systemNow,
                systemNow.plus(props.getLease()));
        if (!claimed.isEmpty()) {
            metrics.claimBatch(claimed.size());
            try {
                work(claimed);
            } finally {
                // Whatever happened (a database failure while recording, say), no lease of this batch
                // is renewed any longer: a row left unrecorded is taken over one lease later, in doubt.
                claimed.forEach(leases::untrack);
            }
        }
        return claimed.size();
    }

    /** A call about to be sent, and whether it holds a budget reservation made at {@code at}. */
    private record Attempt(CallRow row, boolean reserved, Instant at) {
    }

    /**
     * A claimed batch: the budget of all its fresh calls is reserved in one transaction, the
     * attempts of all calls with WeCom's duplicate check are recorded in one statement, then the
     * calls are sent one after the other and their accepted outcomes recorded together when the
     * batch ends ({@link #record}). Calls sent without the duplicate check are begun one by one right
     * before their send and recorded at once, so a crash never leaves one unknown that did not go out
     * or whose answer was lost.
     */
    private void work(List<CallRow> claimed) {
        Instant now = clock.instant();
        List<CallRow> fresh = new ArrayList<>();
        List<Attempt> attempts = new ArrayList<>();
        // A recall asked for while these calls were being sent earlier (they came back to the queue
        // since): a call never attempted is cancelled, not sent. One in doubt is resent (absorbed if
        // it was delivered, which gives its msgid) and recalled once sent ({@link #recallIfAsked}).
        Set<Long> recalled = repository.recallRequested(claimed.stream().map(CallRow::id).toList());
        for (CallRow row : claimed) {
            if (stopRequested) {
                repository.release(row);
            } else if (recalled.contains(row.id()) && !row.inDoubt()) {
                if (repository.cancelClaimed(row)) {
                    metrics.outcome("cancelled", 0);
                }
            } else if (!row.inDoubt()) {
                fresh.add(row);
            } else if (row.resendAbsorbedAt(now, props.getDuplicateCheckMargin())) {
                // A resend of an attempt that may have been delivered is absorbed by WeCom and not
                // counted by it: the first attempt's reservation stands, no new slot is taken; it is
                // re-stamped with the resend's answer (the first attempt may never have gone out).
                attempts.add(new Attempt(row, false, now));
            } else {
                repository.markUnknown(row, null, notResent(row), false);
                metrics.outcome(OutboxRepository.UNKNOWN, null);
                log.warn("message {} call {} may have been delivered at {} and is not resent: {}", row.messageId(), row.seq(),
                        row.inDoubtSince(), row.duplicateCheckSeconds() > 0 ? "its duplicate-check window has passed"
                                : "it was sent without the duplicate check");
            }
        }
        Map<Long, MemberBudget.Reservation> reservations = budget.reserveAll(fresh, now,
                rows -> repository.renewLeases(rows, leaseClock.instant().plus(props.getLease())));
        List<CallRow> decideAfterBatch = new ArrayList<>();
        for (CallRow row : fresh) {
            MemberBudget.Reservation r = reservations.get(row.id());
            if (r.claimLost()) {
                lostClaimBeforeSending(row);
            } else if (r.decideAfterBatch(now)) {
                decideAfterBatch.add(row);
            } else if (r.notBefore() != null) {
                repository.deferForBudget(row, r.notBefore());
                metrics.deferred();
            } else {
                attempts.add(new Attempt(row, true, now));
            }
        }
        attempts.sort(java.util.Comparator.comparingLong(a -> a.row().id()));
        List<CallRow> checked = attempts.stream().map(Attempt::row).filter(r -> r.duplicateCheckSeconds() > 0).toList();
        long begunAtNanos = System.nanoTime();
        Set<Long> begun = repository.beginAttempts(checked, leaseClock.instant().plus(props.getLease()), now);
        // Their leases are kept alive while they wait for their turn, as while they are sent.
        checked.stream().filter(r -> begun.contains(r.id())).forEach(r -> leases.track(r, begunAtNanos));
        List<Accepted> accepted = new ArrayList<>();
        for (Attempt a : attempts) {
            CallRow row = a.row();
            boolean begunTogether = row.duplicateCheckSeconds() > 0;
            if (begunTogether && !begun.contains(row.id())) {
                giveBack(a);
                lostClaimBeforeSending(row);
            } else if (stopRequested) {
                leases.untrack(row);
                giveBack(a);
                if (begunTogether) {
                    repository.releaseBegun(row);
                } else {
                    repository.release(row);
                }
            } else if (begunTogether) {
                send(row, a.at(), a.reserved(), accepted);
            } else {
                long beginAtNanos = System.nanoTime();
                if (repository.beginAttempt(row, leaseClock.instant().plus(props.getLease()), now)) {
                    leases.track(row, beginAtNanos);
                    send(row, a.at(), a.reserved(), accepted);
                } else {
                    giveBack(a);
                    lostClaimBeforeSending(row);
                }
            }
        }
        record(accepted);
        // Back to the queue, due now: the next claim counts the batch's slots as WeCom stamped them
        // and defers the call to the exact moment its member frees up.
        for (CallRow row : decideAfterBatch) {
            repository.deferForBudget(row, clock.instant());
        }
    }

    /** The reservation of a call that will not be sent now. */
    private void giveBack(Attempt a) {
        if (a.reserved()) {
            budget.release(a.row().id(), a.at());
        }
    }

    private void lostClaimBeforeSending(CallRow row) {
        log.info("message {} call {}: claim taken over by another sender before sending; left to it", row.messageId(),
                row.seq());
        metrics.outcome("lost-claim", null);
    }

    /** A call WeCom accepted, waiting to be recorded with the others of its batch. */
    private record Accepted(CallRow row, SendResult result, Instant attemptAt, Instant answeredAt, boolean reserved) {
    }

    /**
     * Sends one call. An accepted call with WeCom's duplicate check is recorded with the rest of its
     * batch ({@code accepted}, one transaction for all): until then its lease is kept alive, and a
     * crash before the record leaves it in doubt, resent inside the check and absorbed. An accepted
     * call without the check is recorded at once: a crash in between would leave it "unknown".
     */
    private void send(CallRow row, Instant attemptAt, boolean reserved, List<Accepted> accepted) {
        SendResult result;
        // Begun by this sender, but perhaps long ago (it waited for its turn in the batch, and this
        // process may have stalled): sent only while the claim is surely still ours. If not, the call
        // is in doubt from our attempt's start for whoever took it over, and so is its budget slot:
        // the slot stays, the new holder's resend relies on it.
        if (!leases.stillHeld(row)) {
            metrics.outcome("lost-claim", null);
            return;
        }
        try {
            result = wecom.app(row.agentId()).messages().sendStored(MessageJson.read(row.body()));
        } catch (WeComException e) {
            leases.untrack(row);
            failed(row, attemptAt, reserved, e);
            return;
        } catch (RuntimeException e) {
            leases.untrack(row);
            // Not an answer from WeCom nor a transport failure: our token store or another piece of
            // our own infrastructure failed before the request went out (the SDK reports everything
            // after that as a WeComException). Nothing was delivered; retry without spending an attempt.
            if (reserved) {
                budget.release(row.id(), attemptAt);
            }
            Instant at = clock.instant().plus(backoff(row.transientFailures() + 1));
            repository.rescheduleTransient(row, at, e.getClass().getSimpleName() + " before reaching WeCom");
            metrics.outcome("transient", null);
            log.warn("message {} call {}: {} before reaching WeCom, retry at {}", row.messageId(), row.seq(), e.toString(), at);
            return;
        }
        Instant answeredAt = clock.instant();
        if (result.errcode() == 81013) {
            leases.untrack(row);
            if (reserved) {
                budget.release(row.id(), attemptAt);
            }
            repository.markAllInvalid(row, result);
            metrics.outcome(OutboxRepository.FAILED, 81013);
            return;
        }
        Accepted a = new Accepted(row, result, attemptAt, answeredAt, reserved);
        if (row.duplicateCheckSeconds() > 0) {
            accepted.add(a);
        } else {
            record(List.of(a));
        }
    }

    /**
     * Records accepted calls in one transaction: the budget's re-stamps and the outcomes, one commit
     * (disk flush) for all. WeCom answers an absorbed copy with the original's msgid: if another
     * message owns it (stored, or earlier in this same list), the call delivered nothing new, and
     * recalling it must never withdraw the other.
     */
    private void record(List<Accepted> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        Map<String, List<String>> owners = repository.messagesWithMsgids(accepted.stream()
                .map(a -> new Object[]{a.row().agentId(), a.result().msgid()}).toList());
        List<Optional<String>> originals = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            Accepted a = accepted.get(i);
            String msgid = a.result().msgid();
            String original = null;
            for (String owner : owners.getOrDefault(a.row().agentId() + ":" + msgid, List.of())) {
                if (!owner.equals(a.row().messageId())) {
                    original = owner;
                    break;
                }
            }
            for (int j = 0; original == null && msgid != null && j < i; j++) {
                Accepted earlier = accepted.get(j);
                if (earlier.row().agentId() == a.row().agentId() && msgid.equals(earlier.result().msgid())
                        && !earlier.row().messageId().equals(a.row().messageId()) && originals.get(j).isEmpty()) {
                    original = earlier.row().messageId();
                }
            }
            originals.add(Optional.ofNullable(original));
        }
        boolean[] recorded = tx.execute(s -> {
            boolean[] out = new boolean[accepted.size()];
            for (int i = 0; i < accepted.size(); i++) {
                Accepted a = accepted.get(i);
                if (a.reserved()) {
                    budget.settle(a.row().id(), a.attemptAt(), a.answeredAt());
                } else {
                    budget.restamp(a.row().id(), a.answeredAt());
                }
                if (originals.get(i).isPresent()) {
                    out[i] = repository.markDuplicate(a.row(), a.result(), originals.get(i).get(), a.answeredAt());
                } else {
                    out[i] = repository.markSent(a.row(), a.result(), a.answeredAt())
                            || a.result().msgid() != null && repository.markSentLate(a.row(), a.result(), a.answeredAt());
                }
            }
            return out;
        });
        for (int i = 0; i < accepted.size(); i++) {
            Accepted a = accepted.get(i);
            leases.untrack(a.row());
            if (!recorded[i]) {
                log.warn("message {} call {} was accepted by WeCom after our claim ran out; the sender that took it over"
                        + " records the outcome (a resend is absorbed by the duplicate check)", a.row().messageId(),
                        a.row().seq());
                metrics.outcome("lost-claim", 0);
                continue;
            }
            metrics.outcome(originals.get(i).isPresent() ? OutboxRepository.DUPLICATE : OutboxRepository.SENT, 0);
            sent.incrementAndGet();
        }
        recallIfAsked(accepted, recorded, originals);
    }

    /**
     * Calls recorded sent whose message's recall was asked for while they were being sent: recalled
     * at WeCom now (doc 94867), as the recall would have done had they been sent before it. A
     * failure is logged; the caller can recall the message again.
     */
    private void recallIfAsked(List<Accepted> accepted, boolean[] recorded, List<Optional<String>> originals) {
        List<Accepted> sentNow = new ArrayList<>();
        for (int i = 0; i < accepted.size(); i++) {
            if (recorded[i] && originals.get(i).isEmpty() && accepted.get(i).result().msgid() != null) {
                sentNow.add(accepted.get(i));
            }
        }
        Set<Long> asked = repository.recallRequested(sentNow.stream().map(a -> a.row().id()).toList());
        for (Accepted a : sentNow) {
            if (asked.contains(a.row().id())) {
                if (!repository.markRecalled(a.row().id())) {
                    continue; // the recall request itself took it
                }
                try {
                    wecom.app(a.row().agentId()).messages().recall(a.result().msgid());
                    log.info("message {} call {} sent while its recall was asked for: recalled", a.row().messageId(), a.row().seq());
                } catch (WeComException e) {
                    repository.unmarkRecalled(a.row().id());
                    log.warn("message {} call {} sent while its recall was asked for; recalling it failed with errcode {}:"
                            + " recall the message again", a.row().messageId(), a.row().seq(), e.errcode());
                }
            }
        }
    }

    private void failed(CallRow row, Instant attemptAt, boolean reserved, WeComException e) {
        boolean attemptInDoubt = e.mayHaveBeenProcessed();
        if (reserved) {
            if (attemptInDoubt) {
                budget.settle(row.id(), attemptAt, clock.instant());
            } else {
                budget.release(row.id(), attemptAt);
            }
        }
        boolean inDoubt = attemptInDoubt || row.inDoubt();
        if (RETRYABLE.contains(e.errcode()) && row.attempts() < props.getMaxAttempts()) {
            Instant at = clock.instant().plus(backoff(row.attempts()));
            repository.reschedule(row, at, e.errcode(), e.errmsg(), attemptInDoubt);
            metrics.outcome("retry", e.errcode());
            log.info("message {} call {} attempt {} failed with errcode {}{}, retry at {}", row.messageId(), row.seq(),
                    row.attempts(), e.errcode(), attemptInDoubt ? " (may have been delivered)" : "", at);
        } else if (inDoubt) {
            repository.markUnknown(row, e.errcode(), "may have been delivered; not resent after errcode " + e.errcode()
                    + ": " + e.errmsg(), attemptInDoubt);
            metrics.outcome(OutboxRepository.UNKNOWN, e.errcode());
            log.warn("message {} call {} ends unknown (may have been delivered): errcode {}", row.messageId(), row.seq(),
                    e.errcode());
        } else {
            repository.markFailed(row, e.errcode(), e.errmsg());
            metrics.outcome(OutboxRepository.FAILED, e.errcode());
            log.warn("message {} call {} failed for good: errcode {}", row.messageId(), row.seq(), e.errcode());
        }
    }

    private static String notResent(CallRow row) {
        return row.duplicateCheckSeconds() > 0
                ? "may have been delivered (an attempt at " + row.inDoubtSince() + " got no answer); not resent because"
                        + " WeCom's duplicate check (" + row.duplicateCheckSeconds() + " s) would no longer absorb a copy"
                : "may have been delivered (an attempt at " + row.inDoubtSince() + " got no answer); not resent because"
                        + " it was sent without WeCom's duplicate check";
    }

    /** The SDK's own backoff (doubling, equal jitter), with the outbox's longer bounds. */
    Duration backoff(int attempt) {
        return new RetryPolicy(Math.max(1, props.getMaxAttempts()), props.getInitialBackoff(), props.getMaxBackoff())
                .backoff(attempt);
    }

    /**
     * One sender thread. Idle, only the first sender polls at {@code poll-interval}; the others
     * look {@code senders} times less often, so many senders do not multiply the queries of an
     * idle outbox. An enqueue wakes one unless a sender lingers (see {@link #wakeUp});
     * a sender that claimed a full batch wakes another at once (there is more); one that claimed a
     * partial batch, or saw enqueues arrive during its claim, claims again after a linger.
     */
    private void loop(int index) {
        long idleWait = props.getPollInterval().toMillis() * (index == 0 ? 1 : Math.max(1, props.getSenders()));
        long linger = Math.max(1, props.getClaimLinger().toMillis());
        while (running) {
            try {
                if (!gate.tryEnter(System.nanoTime())) {
                    // Intake first: enough senders work while callers post; this one looks again
                    // soon, or when woken, and works as soon as the gate lets it (a lasting backlog
                    // or the end of intake).
                    pause(GATED_PAUSE_MILLIS);
                    continue;
                }
                long enqueuesBefore = enqueues.get();
                int handled = 0;
                try {
                    handled = drainOnce();
                } finally {
                    gate.left(handled, props.getClaimBatch(), System.nanoTime());
                }
                if (handled >= props.getClaimBatch()) {
                    wakeOne();
                } else if ((handled > 0 || enqueues.get() != enqueuesBefore) && lingering.compareAndSet(false, true)) {
                    // Calls are arriving: let the next ones gather for a linger, then claim them
                    // together (an enqueue meanwhile wakes no one, see wakeUp). Given up before the
                    // claim: an enqueue the claim cannot see yet is seen as a change of the count.
                    try {
                        pause(linger);
                    } finally {
                        lingering.set(false);
                    }
                } else {
                    // Nothing came, or another sender lingers and will take what comes.
                    pause(idleWait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("outbox sender error (will retry): {}", e.toString());
                try {
                    Thread.sleep(props.getPollInterval().toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        leases.start();
        if (!props.isSendersEnabled()) {
            return;
        }
        repository.waitingForOtherApps().forEach((agentId, calls) -> log.warn("message outbox: {} calls of app {} wait"
                + " for an instance configured with that app (wecom.apps); this instance has {} and leaves them alone",
                calls, agentId, wecom.apps().keySet()));
        running = true;
        stopRequested = false;
        for (int i = 0; i < props.getSenders(); i++) {
            int index = i;
            Thread t = new Thread(() -> loop(index), "outbox-sender-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        log.info("message outbox: {} senders on {}", props.getSenders(), repository.postgres() ? "PostgreSQL (SKIP LOCKED)" : "H2");
    }

    /**
     * Graceful stop (SIGTERM, rolling restart): no new claims, the send in flight finishes and is
     * recorded, claimed rows not yet started go back to the queue at once for the other instances.
     * Only a send that outlasts {@code shutdownGrace} is interrupted (it then ends in doubt).
     */
    @Override
    public synchronized void stop() {
        if (!started) {
            return;
        }
        started = false;
        stopRequested = true;
        running = false;
        wakeAll();
        long deadline = System.nanoTime() + props.getShutdownGrace().toNanos();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        for (Thread t : threads) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        leases.stop();
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
