package io.github.wecom4j.gateway.message;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The intake-first rule with explicit times (nanoTime values), then under threads racing for it. */
class IntakeFirstGateTest {

    static final long MS = 1_000_000L;
    static final long MAX_LAG = 5_000 * MS;
    static final double BUSY = 0.8;
    static final double IDLE = 0.3;

    @Test
    void withoutIntakeEverySenderMayClaim() {
        IntakeFirstGate gate = new IntakeFirstGate(2, MAX_LAG, BUSY, () -> IDLE, 0);
        for (int i = 0; i < 8; i++) {
            assertThat(gate.tryEnter(10 * MS)).isTrue();
        }
        assertThat(gate.active()).isEqualTo(8);
    }

    @Test
    void duringIntakeOnlyTheLimitMayClaimAndALeavingSenderMakesRoom() {
        IntakeFirstGate gate = new IntakeFirstGate(2, MAX_LAG, BUSY, () -> IDLE, 0);
        gate.enqueued(10 * MS);
        assertThat(gate.tryEnter(11 * MS)).isTrue();
        assertThat(gate.tryEnter(11 * MS)).isTrue();
        assertThat(gate.tryEnter(11 * MS)).isFalse();
        gate.left(3, 16, 12 * MS);
        assertThat(gate.tryEnter(13 * MS)).isTrue();
        assertThat(gate.tryEnter(13 * MS)).isFalse();
    }

    @Test
    void theLimitEndsWhenIntakeHasBeenQuiet() {
        IntakeFirstGate gate = new IntakeFirstGate(1, MAX_LAG, BUSY, () -> IDLE, 0);
        gate.enqueued(10 * MS);
        assertThat(gate.tryEnter(11 * MS)).isTrue();
        assertThat(gate.tryEnter(11 * MS)).isFalse();
        assertThat(gate.tryEnter(10 * MS + IntakeFirstGate.INTAKE_QUIET_NANOS - 1)).isFalse();
        assertThat(gate.tryEnter(10 * MS + IntakeFirstGate.INTAKE_QUIET_NANOS)).isTrue();
    }

    @Test
    void onAMachineWithCpuToSpareABacklogLastingLongerThanTheMaxLagLetsEverySenderWorkUntilAClaimCatchesUp() {
        IntakeFirstGate gate = new IntakeFirstGate(1, MAX_LAG, BUSY, () -> IDLE, 0);
        long t = 0;
        // Intake never stops; every claim comes back full (16 of 16): the backlog lasts.
        for (; t <= MAX_LAG; t += 100 * MS) {
            gate.enqueued(t);
            assertThat(gate.tryEnter(t)).isTrue();
            assertThat(gate.tryEnter(t)).as("second sender at %d ms", t / MS).isFalse();
            gate.left(16, 16, t);
        }
        gate.enqueued(t);
        assertThat(gate.limited(t)).isFalse();
        assertThat(gate.tryEnter(t)).isTrue();
        assertThat(gate.tryEnter(t)).isTrue();
        // One claim takes fewer than a batch: the outbox caught up, the limit is back.
        gate.left(5, 16, t + MS);
        gate.enqueued(t + 2 * MS);
        assertThat(gate.limited(t + 2 * MS)).isTrue();
        assertThat(gate.tryEnter(t + 2 * MS)).isFalse();
    }

    @Test
    void onABusyMachineALastingBacklogKeepsTheLimitUntilIntakePauses() {
        IntakeFirstGate gate = new IntakeFirstGate(1, MAX_LAG, BUSY, () -> 0.97, 0);
        long t = 0;
        for (; t <= MAX_LAG + 2 * IntakeFirstGate.CPU_READING_NANOS; t += 100 * MS) {
            gate.enqueued(t);
            assertThat(gate.tryEnter(t)).isTrue();
            assertThat(gate.tryEnter(t)).as("second sender at %d ms", t / MS).isFalse();
            gate.left(16, 16, t);
        }
        assertThat(gate.limited(t)).isTrue();
        // Intake pauses: every sender works on the backlog.
        assertThat(gate.tryEnter(t + IntakeFirstGate.INTAKE_QUIET_NANOS)).isTrue();
        assertThat(gate.tryEnter(t + IntakeFirstGate.INTAKE_QUIET_NANOS)).isTrue();
    }

    @Test
    void theMachineIsReadAtMostEveryQuarterSecondAndSmoothedSoADipDoesNotLiftTheLimit() {
        double[] load = {0.95};
        AtomicInteger readings = new AtomicInteger();
        IntakeFirstGate gate = new IntakeFirstGate(1, MAX_LAG, BUSY, () -> {
            readings.incrementAndGet();
            return load[0];
        }, 0);
        long c = IntakeFirstGate.CPU_READING_NANOS;
        long t = MAX_LAG + MS;
        gate.enqueued(t);
        assertThat(gate.limited(t)).isTrue();
        gate.enqueued(t + c - 1);
        assertThat(gate.limited(t + c - 1)).as("the last reading still counts").isTrue();
        assertThat(readings.get()).isEqualTo(1);
        // One quarter second at 0.5 after 0.95: smoothed 0.84, still busy.
        load[0] = 0.5;
        gate.enqueued(t + c);
        assertThat(gate.limited(t + c)).isTrue();
        assertThat(readings.get()).isEqualTo(2);
        // The machine stays at 0.5: half a second later the smoothed load is under 0.8 and the limit lifts.
        gate.enqueued(t + 2 * c);
        assertThat(gate.limited(t + 2 * c)).as("0.75").isFalse();
        // Fully busy again: 0.82 after one reading, limited again.
        load[0] = 1.0;
        long u = t + 3 * c;
        gate.enqueued(u);
        assertThat(gate.limited(u)).isTrue();
        // While the outbox keeps catching up the machine is not even asked.
        gate.left(3, 16, u);
        int before = readings.get();
        gate.enqueued(u + 4 * c);
        assertThat(gate.limited(u + 4 * c)).isTrue();
        assertThat(readings.get()).isEqualTo(before);
    }

    @Test
    void anUnknownLoadLiftsTheLimitAsWithoutTheRule() {
        IntakeFirstGate gate = new IntakeFirstGate(1, MAX_LAG, BUSY, () -> -1, 0);
        long t = MAX_LAG + MS;
        gate.enqueued(t);
        assertThat(gate.limited(t)).isFalse();
        assertThat(gate.tryEnter(t)).isTrue();
        assertThat(gate.tryEnter(t)).isTrue();
    }

    @Test
    void readingsFarApartStartTheSmoothingAfresh() {
        double[] load = {0.95};
        IntakeFirstGate gate = new IntakeFirstGate(1, MAX_LAG, BUSY, () -> load[0], 0);
        long t = MAX_LAG + MS;
        gate.enqueued(t);
        assertThat(gate.limited(t)).isTrue();
        load[0] = 0.3;
        long later = t + IntakeFirstGate.CPU_HISTORY_NANOS + MS;
        gate.enqueued(later);
        assertThat(gate.limited(later)).as("0.3 counts alone, not blended with a reading 2 s old").isFalse();
    }

    @Test
    void zeroTurnsTheLimitOff() {
        IntakeFirstGate gate = new IntakeFirstGate(0, MAX_LAG, BUSY, () -> IDLE, 0);
        gate.enqueued(1);
        assertThat(gate.limited(2)).isFalse();
        assertThat(gate.tryEnter(2)).isTrue();
        assertThat(gate.tryEnter(2)).isTrue();
    }

    @Test
    void sendersAskingAtOnceNeverExceedTheLimit() throws Exception {
        IntakeFirstGate gate = new IntakeFirstGate(3, Long.MAX_VALUE / 4, BUSY, () -> IDLE, System.nanoTime());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        int threads = 16;
        CountDownLatch start = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (int n = 0; n < 20_000; n++) {
                        long now = System.nanoTime();
                        gate.enqueued(now);
                        if (gate.tryEnter(now)) {
                            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            inside.decrementAndGet();
                            gate.left(16, 16, System.nanoTime());
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
            th.start();
        }
        start.countDown();
        done.await();
        assertThat(most.get()).isBetween(1, 3);
        assertThat(gate.active()).isZero();
    }
}
