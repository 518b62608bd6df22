package io.github.wecom4j.gateway.message;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link GroupCommit} with several items per caller (a batch of messages): a caller's items are
 * written in one transaction, never split across two, whatever {@code maxBatch} says; limits count
 * items, not callers. The "transaction" here records what it was given; the first one can be held
 * open so that later callers queue up behind it.
 */
class GroupCommitTest {

    private final List<List<String>> transactions = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstMayCommit = new CountDownLatch(1);
    private final CountDownLatch firstOpen = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        firstMayCommit.countDown();
        callers.shutdownNow();
    }

    /** Records each transaction; the one holding "hold" waits for the test; "bad" fails its transaction. */
    private final Consumer<List<String>> write = items -> {
        if (items.contains("hold")) {
            firstOpen.countDown();
            try {
                firstMayCommit.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (items.contains("bad")) {
            throw new IllegalStateException("the transaction failed");
        }
        if (items.contains("fatal")) {
            throw new OutOfMemoryError("no heap for this batch");
        }
        transactions.add(List.copyOf(items));
    };

    private GroupCommit<String> groupCommit(int maxBatch, int maxQueued) {
        return new GroupCommit<>(1, maxBatch, maxQueued, write, size -> { });
    }

    private Future<?> commitLater(GroupCommit<String> gc, String... items) {
        return callers.submit(() -> gc.commit(List.of(items)));
    }

    @Test
    void aCallerWithMoreItemsThanMaxBatchIsWrittenInOneTransaction() {
        GroupCommit<String> gc = groupCommit(3, 100);
        gc.commit(List.of("a", "b", "c", "d", "e"));
        assertThat(transactions).containsExactly(List.of("a", "b", "c", "d", "e"));
    }

    @Test
    void callersArriveTogetherShareATransactionButNoneIsSplit() throws Exception {
        GroupCommit<String> gc = groupCommit(3, 100);
        Future<?> first = commitLater(gc, "hold");
        assertThat(firstOpen.await(10, TimeUnit.SECONDS)).as("the first transaction open").isTrue();
        Future<?> b = commitLater(gc, "b1", "b2");
        await("b queued", Duration.ofSeconds(10), () -> gc.queued() == 2);
        Future<?> c = commitLater(gc, "c1", "c2");
        await("c queued", Duration.ofSeconds(10), () -> gc.queued() == 4);
        Future<?> d = commitLater(gc, "d1");
        await("d queued", Duration.ofSeconds(10), () -> gc.queued() == 5);

        firstMayCommit.countDown();
        for (Future<?> f : List.of(first, b, c, d)) {
            f.get(10, TimeUnit.SECONDS);
        }
        // b and c do not fit together in 3; c and d do; no caller's items are ever split
        assertThat(transactions).containsExactly(List.of("hold"), List.of("b1", "b2"), List.of("c1", "c2", "d1"));
    }

    @Test
    void aFailedTransactionFailsEveryItemOfItsCallers() throws Exception {
        GroupCommit<String> gc = groupCommit(10, 100);
        Future<?> first = commitLater(gc, "hold");
        assertThat(firstOpen.await(10, TimeUnit.SECONDS)).as("the first transaction open").isTrue();
        Future<?> doomed = commitLater(gc, "x1", "bad", "x3");
        Future<?> sameBatch = commitLater(gc, "y1");
        await("both queued", Duration.ofSeconds(10), () -> gc.queued() == 4);

        firstMayCommit.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> doomed.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("the transaction failed");
        assertThatThrownBy(() -> sameBatch.get(10, TimeUnit.SECONDS)).hasRootCauseMessage("the transaction failed");
        assertThat(transactions).containsExactly(List.of("hold"));
        assertThat(gc.queued()).isZero();
    }

    /**
     * An Error in the writer (out of memory while building a large batch) failed only the writer's
     * own caller: the batch's other callers stayed pending for ever, spinning on the free slot.
     */
    @Test
    void anErrorInTheTransactionFailsEveryCallerOfItsBatchToo() throws Exception {
        GroupCommit<String> gc = groupCommit(10, 100);
        Future<?> first = commitLater(gc, "hold");
        assertThat(firstOpen.await(10, TimeUnit.SECONDS)).as("the first transaction open").isTrue();
        Future<?> doomed = commitLater(gc, "fatal");
        Future<?> sameBatch = commitLater(gc, "z1");
        await("both queued", Duration.ofSeconds(10), () -> gc.queued() == 2);

        firstMayCommit.countDown();
        first.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> doomed.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(OutOfMemoryError.class);
        assertThatThrownBy(() -> sameBatch.get(10, TimeUnit.SECONDS)).hasRootCauseInstanceOf(OutOfMemoryError.class);
        gc.commit(List.of("after"));
        assertThat(transactions).containsExactly(List.of("hold"), List.of("after"));
    }

    @Test
    void itemsNotCallersCountTowardsTheWaitingLimit() throws Exception {
        GroupCommit<String> gc = groupCommit(10, 3);
        Future<?> first = commitLater(gc, "hold");
        assertThat(firstOpen.await(10, TimeUnit.SECONDS)).as("the first transaction open").isTrue();
        Future<?> two = commitLater(gc, "a1", "a2");
        await("two items waiting", Duration.ofSeconds(10), () -> gc.queued() == 2);

        assertThatThrownBy(() -> gc.commit(List.of("b1", "b2"))).isInstanceOf(GroupCommit.Overloaded.class);
        assertThat(gc.queued()).as("a refused caller leaves nothing queued").isEqualTo(2);

        firstMayCommit.countDown();
        first.get(10, TimeUnit.SECONDS);
        two.get(10, TimeUnit.SECONDS);
        // with nothing waiting, a caller larger than the limit is still taken (it could never fit otherwise)
        gc.commit(List.of("c1", "c2", "c3", "c4"));
        assertThat(transactions).containsExactly(List.of("hold"), List.of("a1", "a2"), List.of("c1", "c2", "c3", "c4"));
    }
}
