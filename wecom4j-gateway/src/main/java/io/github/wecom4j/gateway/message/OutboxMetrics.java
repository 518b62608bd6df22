package io.github.wecom4j.gateway.message;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outbox as meters (docs/operations.md says what to alert on):
 * <ul>
 *   <li>{@code wecom4j.outbox.calls{state}}: calls per state in the database, all instances together
 *   (queued, sending, sent, failed, unknown, duplicate, recalled, cancelled);</li>
 *   <li>{@code wecom4j.outbox.oldest.due.age}: seconds the oldest due call has waited;</li>
 *   <li>{@code wecom4j.outbox.sends{result, errcode}}: outcomes of this instance's attempts;</li>
 *   <li>{@code wecom4j.outbox.budget.deferrals}: calls put back because a member's budget was full;</li>
 *   <li>{@code wecom4j.outbox.intake.batch}: messages committed per intake transaction (group commit),
 *   {@code wecom4j.outbox.intake.waiting}: messages waiting for theirs;</li>
 *   <li>{@code wecom4j.outbox.claim.batch}: calls taken per non-empty claim by this instance's senders
 *   (under load it should grow towards {@code claim-batch}: each claim costs a few statements whatever its size).</li>
 * </ul>
 * The database is read at most every few seconds however often meters are scraped.
 */
@Component
class OutboxMetrics {

    static final List<String> STATES = List.of(OutboxRepository.QUEUED, OutboxRepository.SENDING, OutboxRepository.SENT,
            OutboxRepository.FAILED, OutboxRepository.UNKNOWN, OutboxRepository.DUPLICATE, OutboxRepository.RECALLED,
            OutboxRepository.CANCELLED);
    private static final Duration READ_EVERY = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final OutboxRepository repository;
    private final Clock clock;
    private final Counter deferrals;
    private final DistributionSummary intakeBatches;
    private final DistributionSummary claimBatches;
    private volatile Map<String, Long> counts = Map.of();
    private volatile double oldestDueAge;
    private volatile long readAt;

    OutboxMetrics(MeterRegistry registry, OutboxRepository repository, @Qualifier("messageOutboxClock") Clock clock) {
        this.registry = registry;
        this.repository = repository;
        this.clock = clock;
        for (String state : STATES) {
            Gauge.builder("wecom4j.outbox.calls", this, m -> m.read().getOrDefault(state, 0L))
                    .description("message/send calls in the outbox by state, all instances").tag("state", state)
                    .register(registry);
        }
        Gauge.builder("wecom4j.outbox.oldest.due.age", this, m -> {
            m.read();
            return m.oldestDueAge;
        }).baseUnit("seconds").description("how long the oldest due call has waited").register(registry);
        this.deferrals = Counter.builder("wecom4j.outbox.budget.deferrals")
                .description("calls put back because a member's 30/min or 1000/h budget was full").register(registry);
        this.intakeBatches = DistributionSummary.builder("wecom4j.outbox.intake.batch")
                .description("messages committed together by one intake transaction (group commit)").register(registry);
        this.claimBatches = DistributionSummary.builder("wecom4j.outbox.claim.batch")
                .description("calls taken together by one non-empty claim of a sender").register(registry);
    }

    /** One attempt's outcome: sent, duplicate, failed, unknown, retry, transient, lost-claim. */
    void outcome(String result, Integer errcode) {
        registry.counter("wecom4j.outbox.sends", "result", result, "errcode", errcode == null ? "" : errcode.toString())
                .increment();
    }

    void deferred() {
        deferrals.increment();
    }

    /** Messages committed together by one intake transaction (group commit). */
    void intakeBatch(int messages) {
        intakeBatches.record(messages);
    }

    /** Calls taken by one non-empty claim. */
    void claimBatch(int calls) {
        claimBatches.record(calls);
    }

    /**
     * The intake-first gate: whether it holds senders back now (1) or not (0), and how many senders
     * are claiming and sending; with the outbox's oldest due age they tell an operator why delivery
     * runs slower while callers post.
     */
    void intakeFirst(IntakeFirstGate gate) {
        Gauge.builder("wecom4j.outbox.intake.first.limited", gate, g -> g.limited(System.nanoTime()) ? 1 : 0)
                .description("1 while the intake-first rule holds senders back on this instance").register(registry);
        Gauge.builder("wecom4j.outbox.senders.working", gate, IntakeFirstGate::active)
                .description("senders claiming or sending now on this instance").register(registry);
    }

    /** Accepted messages waiting for their intake transaction. */
    void intakeQueue(java.util.function.Supplier<Number> waiting) {
        Gauge.builder("wecom4j.outbox.intake.waiting", waiting).description("accepted messages waiting for their commit")
                .register(registry);
    }

    private synchronized Map<String, Long> read() {
        long now = System.nanoTime();
        if (now - readAt > READ_EVERY.toNanos() || readAt == 0) {
            readAt = now;
            try {
                counts = repository.countsByState();
                oldestDueAge = repository.oldestDue(clock.instant()).map(t -> (double) Duration.between(t, clock.instant())
                        .toMillis() / 1000).orElse(0.0);
            } catch (RuntimeException e) {
                // the database is down: keep the last reading (health says so)
            }
        }
        return counts;
    }
}
