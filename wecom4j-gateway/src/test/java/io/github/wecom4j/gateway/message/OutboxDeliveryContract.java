package io.github.wecom4j.gateway.message;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.message.DeliveredMessage;
import io.github.wecom4j.emulator.message.MessageCenter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ways the outbox could duplicate, drop or misreport a message (issue 14), each reproduced against
 * the emulator with injected latency and its virtual clock, on H2 and on PostgreSQL. The background
 * senders are off: the tests drive {@link OutboxSender#drainOnce()} themselves. Leases are 1 s and
 * a claim takes 4 rows, so a lease runs out within a batch. A send whose answer is lost after WeCom
 * served it is made with the emulator's lost-answer fault (HTTP 502 after the delivery), the
 * deterministic form of a read timeout.
 */
abstract class OutboxDeliveryContract {

    @Autowired
    MessageOutbox outbox;
    @Autowired
    OutboxSender sender;
    @Autowired
    WeComEmulator emulator;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    io.github.wecom4j.WeComClient wecom;
    @Autowired
    OutboxRepository repository;
    @Autowired
    MemberBudget budget;
    @Autowired
    OutboxProperties props;
    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("messageOutboxClock")
    java.time.Clock outboxClock;
    @Autowired
    OutboxMetrics metrics;
    @Autowired
    io.github.wecom4j.gateway.cluster.DatabaseClock databaseClock;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @BeforeEach
    void freshOutbox() {
        jdbc.update("delete from message_member_send");
        jdbc.update("delete from message_call");
        jdbc.update("delete from message_outbox");
        emulator.reset();
        // tokens the fresh emulator knows (a call replaces the cached one it refuses), so that no
        // message/send is spent on a token error and injected latency only slows message/send
        wecom.apps().values().forEach(app -> app.api().get("/cgi-bin/department/list", Map.of()));
    }

    /** Issue 14.1: rows at the tail of a claimed batch outlive their lease before their turn. */
    @Test
    void aBatchWhoseLeaseRunsOutIsNotSentTwice() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(enqueue(text("lease-" + i, "zhangsan"), false));
        }
        emulator.faults().latencyMillis(400);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // one sender claims the whole batch (lease 1 s) and needs 1.6 s to send it...
            Future<Integer> first = pool.submit(sender::drainOnce);
            while (countCalls("sending") < 4) {
                Thread.sleep(5);
            }
            // ...while another one takes whatever is due, the tail of that batch once its lease is over
            Future<Integer> second = pool.submit(() -> {
                int claimed = 0;
                while (!first.isDone() || dueOrSending() > 0) {
                    claimed += sender.drainOnce();
                    Thread.sleep(20);
                }
                return claimed;
            });
            assertThat(first.get()).isEqualTo(4);
            assertThat(second.get()).as("the second sender took over the tail").isPositive();
        } finally {
            pool.shutdownNow();
            emulator.faults().clear();
        }
        assertThat(copies("zhangsan", "lease-")).hasSize(4).doesNotHaveDuplicates();
        assertThat(emulator.counters().calls("/cgi-bin/message/send")).isEqualTo(4);
        for (String id : ids) {
            assertThat(state(id)).isEqualTo("sent");
        }
    }

    /** Issue 14.1: a send that takes longer than a lease keeps its lease while it lasts. */
    @Test
    void aSendLongerThanTheLeaseIsNotTakenOverMidway() throws Exception {
        String id = enqueue(text("slow send", "lisi"), false);
        emulator.faults().delayNext(1, 2500, "/cgi-bin/message/send");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> slow = pool.submit(sender::drainOnce);
            while (emulator.counters().calls("/cgi-bin/message/send") == 0) {
                Thread.sleep(10);
            }
            // another sender keeps looking for due work while the first one waits for WeCom
            Future<Integer> other = pool.submit(() -> {
                int claimed = 0;
                while (!slow.isDone()) {
                    claimed += sender.drainOnce();
                    Thread.sleep(50);
                }
                return claimed;
            });
            assertThat(slow.get()).isEqualTo(1);
            assertThat(other.get()).isZero();
        } finally {
            pool.shutdownNow();
        }
        assertThat(copies("lisi", "slow send")).hasSize(1);
        assertThat(emulator.counters().calls("/cgi-bin/message/send")).isEqualTo(1);
        assertThat(state(id)).isEqualTo("sent");
    }

    /**
     * A sender that stalls longer than a lease (a VM or GC pause: its lease keeper does not run
     * either) after beginning a batch: another sender takes the batch over and sends it. When the
     * first one wakes up it must not send the rest of the batch it no longer holds; past the body's
     * duplicate-check interval WeCom would deliver that copy. The stalled sender is a second
     * {@link OutboxSender} of this context whose lease keeper was never started.
     */
    @Test
    void aSenderThatStalledPastItsLeaseDoesNotSendCallsItNoLongerHolds() throws Exception {
        String window = "},\"duplicate_check_interval\":300}";
        String first = enqueue(text("stall-1", "zhangsan").replace("}}", window), true);
        String second = enqueue(text("stall-2", "lisi").replace("}}", window), true);
        // WeCom delivers the first call at once and holds its answer: the stalled sender waits
        // there, holding the second call begun, while its leases (1 s) run out unrenewed
        stalledSenderAnsweredAfter("zhangsan", "stall-1", 2, () -> {
            // another sender takes both over: the first is resent in doubt and absorbed, the second sent
            assertThat(sender.drainOnce()).isEqualTo(2);
            assertThat(state(first)).isEqualTo("sent");
            assertThat(state(second)).isEqualTo("sent");
            // the duplicate check forgets the second call before the stalled sender wakes up
            emulator.clock().advance(Duration.ofSeconds(400));
        });
        assertThat(copies("lisi", "stall-2")).hasSize(1);
        assertThat(copies("zhangsan", "stall-1")).hasSize(1);
        assertThat(emulator.counters().calls("/cgi-bin/message/send")).as("stall-1, its absorbed resend, stall-2").isEqualTo(3);
        assertThat(state(first)).isEqualTo("sent");
        assertThat(state(second)).isEqualTo("sent");
    }

    /** Issue 14.2: a timed-out send that WeCom did deliver, retried after the duplicate check forgot it. */
    @Test
    void aPossiblyDeliveredCallIsNotResentOnceTheDuplicateCheckWindowHasPassed() throws Exception {
        String id = enqueue(text("disk full", "wangwu").replace("}}", "},\"duplicate_check_interval\":900}"), true);
        emulator.faults().loseAnswerNext(1, "/cgi-bin/message/send");
        sender.drainOnce();
        assertThat(copies("wangwu", "disk full")).hasSize(1);
        assertThat(state(id)).isEqualTo("queued");
        assertThat(status(id).get("calls").toString()).contains("in_doubt_since");
        emulator.clock().advance(Duration.ofSeconds(1000));
        sender.drainOnce();
        assertThat(copies("wangwu", "disk full")).hasSize(1);
        assertThat(state(id)).isEqualTo("unknown");
        assertThat(emulator.counters().calls("/cgi-bin/message/send")).isEqualTo(1);
    }

    /**
     * A recall while a call waits in doubt (its answer was lost: it may be on the member's screen):
     * not cancelled as never sent, which left it on screen under "recalled", but resent inside the
     * window (absorbed, which gives its msgid) and recalled at WeCom.
     */
    @Test
    void aRecallOfACallInDoubtWithdrawsWhatTheMemberMayHaveReceived() throws Exception {
        String id = enqueue(text("lost answer", "wangwu"), true);
        emulator.faults().loseAnswerNext(1, "/cgi-bin/message/send");
        sender.drainOnce();
        assertThat(copies("wangwu", "lost answer")).hasSize(1);
        assertThat(status(id).get("calls").toString()).contains("in_doubt_since");

        Map<String, Object> asked = outbox.recall(id).orElseThrow();
        assertThat(asked.get("cancelled_calls")).as("in doubt: not cancelled as if never sent").isEqualTo(0);
        assertThat(sender.drainOnce()).as("made due at once").isEqualTo(1);
        assertThat(state(id)).isEqualTo("recalled");
        assertThat(copies("wangwu", "lost answer")).as("still on the member's screen").isEmpty();
        assertThat(emulator.inboxes().of("wangwu")).filteredOn(d -> d.summary().equals("lost answer"))
                .singleElement().satisfies(d -> assertThat(d.recalled()).isTrue());
    }

    /**
     * A message of two calls (1,001 recipients: WeCom takes 1,000 a call) whose first recall WeCom
     * refuses: the second is still recalled, and the refusal listed. The first refusal used to end
     * the recall, leaving every later call on members' screens. (Here, where no sender runs on its
     * own: with senders running, one finishing a call may itself recall it once asked.)
     */
    @Test
    void aRecallRefusedForOneCallStillRecallsTheOthers() throws Exception {
        StringBuilder users = new StringBuilder("wangwu");
        for (int i = 1; i < 1000; i++) {
            users.append("|absent").append(i);
        }
        users.append("|sunqi");
        String id = enqueue("{\"touser\":\"" + users + "\",\"msgtype\":\"text\",\"text\":{\"content\":"
                + "\"two calls, one recall refused\"}}", true);
        assertThat(sender.drainOnce()).isEqualTo(2);
        assertThat(state(id)).isEqualTo("sent");
        emulator.faults().failNext(1, 40058, "/cgi-bin/message/recall");
        Map<String, Object> answer = outbox.recall(id).orElseThrow();
        assertThat(answer.get("recalled_calls")).as(answer.toString()).isEqualTo(1);
        assertThat(answer.get("recall_refused").toString()).contains("seq=0", "errcode=40058");
        assertThat(emulator.inboxes().of("sunqi")).filteredOn(d -> d.summary().startsWith("two calls"))
                .singleElement().satisfies(d -> assertThat(d.recalled()).isTrue());
        assertThat(emulator.inboxes().of("wangwu")).filteredOn(d -> d.summary().startsWith("two calls"))
                .singleElement().satisfies(d -> assertThat(d.recalled()).isFalse());
    }

    /** The other side of 14.2: inside the window the resend goes out and WeCom absorbs it. */
    @Test
    void aPossiblyDeliveredCallIsResentInsideTheWindowAndAbsorbed() throws Exception {
        String id = enqueue(text("cpu hot", "wangwu"), true);
        emulator.faults().loseAnswerNext(1, "/cgi-bin/message/send");
        sender.drainOnce();
        assertThat(copies("wangwu", "cpu hot")).hasSize(1);
        emulator.clock().advance(Duration.ofSeconds(60));
        sender.drainOnce();
        assertThat(state(id)).isEqualTo("sent");
        assertThat(copies("wangwu", "cpu hot")).hasSize(1);
        assertThat(emulator.counters().get(MessageCenter.DUPLICATES)).isEqualTo(1);
    }

    /** Issue 14.3: WeCom counts ZhangSan and zhangsan as one member. */
    @Test
    void userIdsDifferingOnlyInCaseShareOneBudget() throws Exception {
        for (int i = 0; i < 40; i++) {
            enqueue(text("case-" + i, i % 2 == 0 ? "zhangsan" : "ZhangSan"), true);
        }
        drain(1);
        assertThat(countCalls("sent")).isEqualTo(30);
        assertThat(countCalls("queued")).isEqualTo(10);
        emulator.clock().advance(Duration.ofSeconds(62));
        drain(1);
        assertThat(countCalls("sent")).isEqualTo(40);
        assertThat(emulator.counters().get(MessageCenter.DROPPED)).isZero();
        assertThat(copies("zhangsan", "case-")).hasSize(40);
    }

    /** Issue 14.4: the budget slot counts from WeCom's acceptance, not from before the send. */
    @Test
    void budgetSlotsCountFromWeComsAnswerNotFromBeforeTheSend() throws Exception {
        for (int i = 0; i < 31; i++) {
            enqueue(text("slow-" + i, "sunqi"), true);
        }
        emulator.faults().delayNext(30, 1000, "/cgi-bin/message/send");
        drain(8);
        assertThat(countCalls("sent")).isEqualTo(30);
        // the 31st waits until the budget says the member's minute is over; send it exactly then
        long due = jdbc.queryForObject("select next_attempt_at from message_call where state = 'queued'", Long.class);
        emulator.clock().advance(Duration.ofMillis(due - emulator.clock().instant().toEpochMilli() + 1));
        drain(1);
        assertThat(countCalls("sent")).isEqualTo(31);
        assertThat(emulator.counters().get(MessageCenter.DROPPED)).isZero();
        assertThat(copies("sunqi", "slow-")).hasSize(31);
    }

    /**
     * The stalled sender's call is answered after the sender that took it over gave up on it
     * ({@code unknown}: the duplicate-check window had passed, so it was not resent): WeCom's late
     * answer is the truth, and the call reads sent with its msgid, and can be recalled.
     */
    @Test
    void aLateAnswerToASenderThatLostItsClaimStillRecordsTheDelivery() throws Exception {
        String id = enqueue(text("late answer", "zhaoliu").replace("}}", "},\"duplicate_check_interval\":300}"), true);
        stalledSenderAnsweredAfter("zhaoliu", "late answer", 1, () -> {
            emulator.clock().advance(Duration.ofSeconds(400));
            assertThat(sender.drainOnce()).isEqualTo(1);
            assertThat(state(id)).as("taken over past the window: not resent").isEqualTo("unknown");
        });
        assertThat(state(id)).isEqualTo("sent");
        assertThat(emulator.counters().calls("/cgi-bin/message/send")).isEqualTo(1);
        assertThat(outbox.recall(id).orElseThrow().get("recalled_calls")).isEqualTo(1);
        assertThat(emulator.inboxes().of("zhaoliu")).filteredOn(d -> d.summary().equals("late answer"))
                .singleElement().satisfies(d -> assertThat(d.recalled()).isTrue());
    }

    /**
     * The same late answer after the call, taken over and put back in the queue in doubt (its resend
     * met 45009), and a recall meanwhile: it was delivered, so it is recorded sent and recalled at
     * WeCom by the sender that learnt its msgid, not left "cancelled" on members' screens. (The
     * recall no longer cancels a call in doubt at all: it makes it due for its sender.)
     */
    @Test
    void aLateAnswerToACallARecallCancelledIsRecalledAtWeCom() throws Exception {
        String id = enqueue(text("late recall", "sunqi").replace("}}", "},\"duplicate_check_interval\":300}"), true);
        stalledSenderAnsweredAfter("sunqi", "late recall", 1, () -> {
            // the taker's resend: over a frequency limit, back in the queue in doubt
            emulator.faults().failNext(1, 45009, "/cgi-bin/message/send");
            assertThat(sender.drainOnce()).isEqualTo(1);
            assertThat(outbox.recall(id).orElseThrow().get("cancelled_calls")).as("in doubt: not cancelled").isEqualTo(0);
        });
        assertThat(jdbc.queryForObject("select state from message_call where message_id = ?", String.class, id)).isEqualTo("recalled");
        assertThat(emulator.inboxes().of("sunqi")).filteredOn(d -> d.summary().equals("late recall"))
                .singleElement().satisfies(d -> assertThat(d.recalled()).isTrue());
    }

    /** What a test does while the stalled sender waits for WeCom's answer. */
    interface Meanwhile {
        void run() throws Exception;
    }

    /**
     * A stalled sender claims the {@code calls} queued calls and sends the first: WeCom delivers it
     * (to {@code member}, text starting {@code content}) at once and holds the answer until
     * {@code meanwhile} has run, by when every claimed call's lease (1 s) has run out; returns once
     * the stalled sender has dealt with its batch.
     */
    private void stalledSenderAnsweredAfter(String member, String content, int calls, Meanwhile meanwhile) throws Exception {
        OutboxSender stalled = stalledSender();
        Runnable answer = emulator.faults().holdAnswerNext(1, "/cgi-bin/message/send");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> stalledDrain = pool.submit(stalled::drainOnce);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (copies(member, content).isEmpty() || jdbc.queryForObject("select count(*) from message_call"
                    + " where state = 'sending' and lease_until < ?", Integer.class, databaseClock.millis()) < calls) {
                assertThat(System.nanoTime()).as("delivered, leases ran out").isLessThan(deadline);
                Thread.sleep(5);
            }
            meanwhile.run();
            answer.run();
            assertThat(stalledDrain.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(calls);
        } finally {
            pool.shutdownNow();
            emulator.faults().clear();
        }
    }

    /** A second sender of this context whose lease keeper never runs: a process stalled longer than a lease. */
    private OutboxSender stalledSender() {
        return new OutboxSender(wecom, repository, budget, props, outboxClock, metrics, tx, databaseClock);
    }

    /**
     * A send still waiting for WeCom's answer more than a minute after its budget slot was stamped
     * (a slow WeCom, a batch of slow sends): WeCom will count it when it accepts it, so the slot must
     * keep counting meanwhile. Counted as a minute old, it let another sender give the member 30
     * more, and WeCom silently dropped the 31st.
     */
    @Test
    void aSlotOfACallStillBeingSentAfterAMinuteStillCounts() throws Exception {
        String slow = enqueue(text("long-flight", "wangwu"), true);
        emulator.faults().delayNext(1, 3_000, "/cgi-bin/message/send");
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> slowDrain = pool.submit(sender::drainOnce);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (emulator.counters().calls("/cgi-bin/message/send") == 0) {
                assertThat(System.nanoTime()).as("the slow send reached WeCom").isLessThan(deadline);
                Thread.onSpinWait();
            }
            // WeCom holds that request; a minute and more passes, and 30 more messages come for wangwu
            emulator.clock().advance(Duration.ofSeconds(70));
            for (int i = 0; i < 30; i++) {
                enqueue(text("meanwhile-" + i, "wangwu"), true);
            }
            while (sender.drainOnce() > 0) {
                // another sender works them while the slow one waits
            }
            assertThat(slowDrain.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            emulator.faults().clear();
        }
        assertThat(emulator.counters().get(MessageCenter.DROPPED)).as("dropped by WeCom's per-member limit").isZero();
        assertThat(state(slow)).isEqualTo("sent");
        assertThat(countCalls("sent")).isEqualTo(30);
        // the last one waits for the member's minute to end, and goes then
        long due = jdbc.queryForObject("select next_attempt_at from message_call where state = 'queued'", Long.class);
        emulator.clock().advance(Duration.ofMillis(due - emulator.clock().instant().toEpochMilli() + 1));
        drain(1);
        assertThat(countCalls("sent")).isEqualTo(31);
        assertThat(emulator.counters().get(MessageCenter.DROPPED)).isZero();
        assertThat(copies("wangwu", "meanwhile-")).hasSize(30);
        assertThat(copies("wangwu", "long-flight")).hasSize(1);
    }

    /** Issue 14.8: a repeat the caller wants is delivered; one WeCom absorbs is reported as such. */
    @Test
    void aLegitimateRepeatIsDeliveredAndAnAbsorbedOneSaysWhoseCopyItIs() throws Exception {
        String body = text("Disk full on db1", "zhaoliu").replace("}}", "},\"duplicate_check_interval\":60}");
        String first = enqueue(body, true);
        drain(1);
        emulator.clock().advance(Duration.ofMinutes(2));
        String second = enqueue(body, true);
        drain(1);
        assertThat(copies("zhaoliu", "Disk full on db1")).hasSize(2);
        assertThat(state(first)).isEqualTo("sent");
        assertThat(state(second)).isEqualTo("sent");

        // with the default interval (4 h) the same text 2 minutes later is absorbed: say so
        String third = enqueue(text("Disk full on db2", "zhaoliu"), true);
        drain(1);
        emulator.clock().advance(Duration.ofMinutes(2));
        String fourth = enqueue(text("Disk full on db2", "zhaoliu"), true);
        drain(1);
        assertThat(copies("zhaoliu", "Disk full on db2")).hasSize(1);
        assertThat(state(fourth)).isEqualTo("duplicate");
        assertThat(status(fourth).get("calls").toString()).contains("duplicate_of=" + third);
        // recalling the absorbed one must not withdraw the copy that belongs to the first
        Map<String, Object> recall = outbox.recall(fourth).orElseThrow();
        assertThat(recall.get("recalled_calls")).isEqualTo(0);
        assertThat(copies("zhaoliu", "Disk full on db2")).hasSize(1);
        assertThat(outbox.recall(third).orElseThrow().get("recalled_calls")).isEqualTo(1);
        assertThat(copies("zhaoliu", "Disk full on db2")).isEmpty();
    }

    /**
     * Issue 11: a sender records a batch's outcomes together; a copy WeCom absorbed whose original
     * was sent earlier in the same batch (not yet stored as sent) still says whose copy it is.
     */
    @Test
    void anAbsorbedCopyOfACallInTheSameBatchSaysWhoseCopyItIs() throws Exception {
        String first = enqueue(text("Backup failed on db3", "zhaoliu"), true);
        String second = enqueue(text("Backup failed on db3", "zhaoliu"), true);
        assertThat(sender.drainOnce()).isEqualTo(2);
        assertThat(copies("zhaoliu", "Backup failed on db3")).hasSize(1);
        assertThat(state(first)).isEqualTo("sent");
        assertThat(state(second)).isEqualTo("duplicate");
        assertThat(status(second).get("calls").toString()).contains("duplicate_of=" + first);
        assertThat(outbox.recall(second).orElseThrow().get("recalled_calls")).isEqualTo(0);
        assertThat(copies("zhaoliu", "Backup failed on db3")).hasSize(1);
    }

    /** Issue 9: every recipient invalid (81013) means nothing was delivered. */
    @Test
    void aMessageWhoseEveryRecipientIsInvalidReadsFailedWithTheList() throws Exception {
        String id = enqueue(text("to nobody", "nobody-here"), true);
        drain(1);
        Map<String, Object> s = status(id);
        assertThat(s.get("state")).isEqualTo("failed");
        assertThat(s.get("invaliduser").toString()).contains("nobody-here");
    }

    // --- helpers

    static String text(String content, String touser) {
        return "{\"touser\":\"" + touser + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}";
    }

    String enqueue(String body, boolean duplicateCheck) {
        String json = duplicateCheck ? body : body.substring(0, body.length() - 1) + ",\"enable_duplicate_check\":0}";
        return outbox.enqueue(json).id();
    }

    Map<String, Object> status(String id) {
        return outbox.status(id).orElseThrow();
    }

    String state(String id) {
        return (String) status(id).get("state");
    }

    int countCalls(String state) {
        return jdbc.queryForObject("select count(*) from message_call where state = ?", Integer.class, state);
    }

    List<String> copies(String member, String prefix) {
        return emulator.inboxes().of(member).stream().filter(d -> !d.recalled()).map(DeliveredMessage::summary)
                .filter(s -> s.startsWith(prefix)).toList();
    }

    /** {@code threads} senders work the outbox until nothing is due and nothing is being sent. */
    void drain(int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    while (true) {
                        if (sender.drainOnce() == 0) {
                            if (dueOrSending() == 0) {
                                return null;
                            }
                            Thread.sleep(50);
                        }
                    }
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private int dueOrSending() {
        long now = emulator.clock().instant().toEpochMilli();
        return jdbc.queryForObject("select count(*) from message_call where state = 'sending'"
                + " or (state = 'queued' and next_attempt_at <= ?)", Integer.class, now);
    }
}
