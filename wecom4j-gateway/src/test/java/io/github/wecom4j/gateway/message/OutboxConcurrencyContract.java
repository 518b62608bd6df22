package io.github.wecom4j.gateway.message;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.message.DeliveredMessage;
import io.github.wecom4j.emulator.message.MessageCenter;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What any database behind the outbox must guarantee, run on H2 and on PostgreSQL: concurrent
 * claimers take disjoint calls, and concurrent senders deliver every message exactly once. The
 * background senders are off in these contexts; the test drives {@link OutboxSender#drainOnce()}.
 */
abstract class OutboxConcurrencyContract {

    static final List<String> MEMBERS = List.of("zhangsan", "lisi", "wangwu", "zhaoliu", "sunqi");

    @Autowired
    MessageOutbox outbox;
    @Autowired
    OutboxRepository repository;
    @Autowired
    OutboxSender sender;
    @Autowired
    WeComEmulator emulator;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void concurrentClaimersNeverTakeTheSameCall() throws Exception {
        List<String> ids = enqueue("claim", 200);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Long> claimed = Collections.synchronizedList(new ArrayList<>());
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                while (true) {
                    Instant now = Instant.now();
                    List<CallRow> rows = repository.claim(7, emulator.clock().instant(), now, now.plusSeconds(600));
                    if (rows.isEmpty()) {
                        return null;
                    }
                    rows.forEach(r -> claimed.add(r.id()));
                }
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        assertThat(ids).hasSize(200);
        assertThat(claimed).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void concurrentSendersDeliverEveryMessageExactlyOnce() throws Exception {
        List<String> ids = enqueue("exactly-once", 100); // 20 per member: under WeCom's 30/min
        long sendsBefore = emulator.counters().calls("/cgi-bin/message/send");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            futures.add(pool.submit(() -> {
                while (sender.drainOnce() > 0) {
                    // keep draining
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        for (String id : ids) {
            assertThat(outbox.status(id).orElseThrow().get("state")).isEqualTo("sent");
        }
        Set<String> seen = new HashSet<>();
        for (String m : MEMBERS) {
            for (DeliveredMessage d : emulator.inboxes().of(m)) {
                if (d.summary().startsWith("exactly-once ")) {
                    assertThat(seen.add(d.summary())).as("delivered twice: " + d.summary()).isTrue();
                }
            }
        }
        assertThat(seen).hasSize(100);
        assertThat(emulator.counters().calls("/cgi-bin/message/send") - sendsBefore).isEqualTo(100);
        assertThat(emulator.counters().get(MessageCenter.DROPPED)).isZero();
    }

    @Test
    void crashAfterWeComAcceptedButBeforeMarkingSentIsAbsorbedByTheDuplicateCheck() {
        String id = enqueue("crash-window", 1).get(0);
        while (sender.drainOnce() > 0) {
            // sends it once
        }
        long duplicatesBefore = emulator.counters().get(MessageCenter.DUPLICATES);
        // what a SIGKILL between WeCom's answer and our update leaves behind: still "sending", lease over
        jdbc.update("update message_call set state = 'sending', lease_until = ?, claim_token = 'dead-sender' where message_id = ?",
                Instant.now().minusSeconds(1).toEpochMilli(), id);
        assertThat(sender.drainOnce()).isEqualTo(1);
        assertThat(outbox.status(id).orElseThrow().get("state")).isEqualTo("sent");
        assertThat(emulator.counters().get(MessageCenter.DUPLICATES)).isEqualTo(duplicatesBefore + 1);
        String member = MEMBERS.get(0);
        assertThat(emulator.inboxes().of(member)).filteredOn(d -> d.summary().equals("crash-window 0")).hasSize(1);
    }

    /**
     * A sender reserved the member's slot, began the call and died before sending it: the call is
     * resent in doubt and WeCom delivers it now, so the slot counts from the resend, not from the
     * dead batch's start (which would stop counting a minute too early and let the member be sent
     * more than WeCom delivers in that minute).
     */
    @Test
    void aCallResentInDoubtCountsAgainstTheMemberFromItsResend() {
        String member = MEMBERS.get(1);
        String id = outbox.enqueue("{\"touser\":\"" + member + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"never went out\"}}").id();
        long callId = jdbc.queryForObject("select id from message_call where message_id = ?", Long.class, id);
        int agentId = jdbc.queryForObject("select agent_id from message_call where id = ?", Integer.class, callId);
        long batchStart = emulator.clock().millis() - 70_000;
        jdbc.update("insert into message_member_send (agent_id, userid, sent_at, call_id) values (?, ?, ?, ?)", agentId,
                member, batchStart, callId);
        jdbc.update("update message_call set state = 'sending', lease_until = ?, claim_token = 'dead-sender',"
                + " attempt_started_at = ?, attempts = 1 where id = ?", Instant.now().minusSeconds(1).toEpochMilli(), batchStart, callId);
        long beforeResend = emulator.clock().millis();

        assertThat(sender.drainOnce()).isEqualTo(1);
        assertThat(outbox.status(id).orElseThrow().get("state")).isEqualTo("sent");
        assertThat(emulator.inboxes().of(member)).filteredOn(d -> d.summary().equals("never went out")).hasSize(1);
        assertThat(jdbc.queryForList("select sent_at from message_member_send where call_id = ?", Long.class, callId))
                .singleElement().satisfies(t -> assertThat(t).isGreaterThanOrEqualTo(beforeResend));
    }

    /** A recall asked for while a sender held the call, which then came back to the queue (-1): not sent. */
    @Test
    void aCallThatComesBackToTheQueueAfterARecallIsCancelledNotSent() {
        String member = MEMBERS.get(2);
        String id = outbox.enqueue("{\"touser\":\"" + member + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"recalled while"
                + " held\"}}").id();
        jdbc.update("update message_call set state = 'sending', lease_until = ?, claim_token = 'live-sender' where message_id = ?",
                Instant.now().plusSeconds(600).toEpochMilli(), id);
        Map<String, Object> answer = outbox.recall(id).orElseThrow();
        assertThat(answer.get("cancelled_calls")).isEqualTo(0);
        // that sender met WeCom's -1 and put the call back, due now
        jdbc.update("update message_call set state = 'queued', lease_until = null, claim_token = null, next_attempt_at = ?"
                + " where message_id = ?", emulator.clock().millis(), id);
        long sends = emulator.counters().calls("/cgi-bin/message/send");

        assertThat(sender.drainOnce()).isEqualTo(1);
        assertThat(jdbc.queryForObject("select state from message_call where message_id = ?", String.class, id)).isEqualTo("cancelled");
        assertThat(emulator.counters().calls("/cgi-bin/message/send")).isEqualTo(sends);
        assertThat(emulator.inboxes().of(member)).noneMatch(d -> d.summary().equals("recalled while held"));
    }

    /** A recall asked for while WeCom was delivering the call: the sender recalls it once WeCom has answered. */
    @Test
    void aCallThatFinishesSendingAfterARecallIsRecalledByItsSender() throws Exception {
        String member = MEMBERS.get(3);
        String id = outbox.enqueue("{\"touser\":\"" + member + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"recalled in"
                + " flight\"}}").id();
        emulator.faults().delayAnswerNext(1, 1_500, "/cgi-bin/message/send"); // delivered at once, answered later
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> drain = pool.submit(sender::drainOnce);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (emulator.inboxes().of(member).stream().noneMatch(d -> d.summary().equals("recalled in flight"))) {
                assertThat(System.nanoTime()).as("delivered").isLessThan(deadline);
                Thread.onSpinWait();
            }
            Map<String, Object> answer = outbox.recall(id).orElseThrow();
            assertThat(answer.get("recalled_calls")).as("not sent yet as far as the outbox knows").isEqualTo(0);
            assertThat(drain.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
        } finally {
            pool.shutdownNow();
            emulator.faults().clear();
        }
        assertThat(jdbc.queryForObject("select state from message_call where message_id = ?", String.class, id)).isEqualTo("recalled");
        assertThat(emulator.inboxes().of(member)).filteredOn(d -> d.summary().equals("recalled in flight"))
                .singleElement().satisfies(d -> assertThat(d.recalled()).isTrue());
    }

    /**
     * The lease keeper tells claims apart, not only calls: when a call whose lease ran out (renewals
     * failing, say) is claimed again by another thread of the same process, the first claim is not
     * held any more, and letting it go does not drop the second claim's renewals.
     */
    @Test
    void theLeaseKeeperTellsTwoClaimsOfOneCallApart() {
        String id = enqueue("claimed twice", 1).get(0);
        long callId = jdbc.queryForObject("select id from message_call where message_id = ?", Long.class, id);
        Instant now = emulator.clock().instant();
        CallRow first = repository.claim(100, now, Instant.now(), Instant.now().plusSeconds(600)).stream()
                .filter(r -> r.id() == callId).findFirst().orElseThrow();
        LeaseKeeper keeper = new LeaseKeeper(repository, java.time.Duration.ofSeconds(30), java.time.Clock.systemUTC());
        keeper.track(first, System.nanoTime());
        // its lease runs out unrenewed, and another thread of this process claims the call again
        jdbc.update("update message_call set lease_until = ? where id = ?", Instant.now().minusSeconds(1).toEpochMilli(), callId);
        CallRow second = repository.claim(100, now, Instant.now(), Instant.now().plusSeconds(600)).stream()
                .filter(r -> r.id() == callId).findFirst().orElseThrow();
        keeper.track(second, System.nanoTime());

        assertThat(keeper.stillHeld(first)).as("the first claim").isFalse();
        keeper.untrack(first);
        assertThat(keeper.stillHeld(second)).as("the second claim, after the first let go").isTrue();
        jdbc.update("update message_call set state = 'cancelled', lease_until = null, claim_token = null where id = ?", callId);
    }

    @Test
    void aCallHeldByALiveSenderIsNotTakenOver() {
        String id = enqueue("leased", 1).get(0);
        jdbc.update("update message_call set state = 'sending', lease_until = ?, claim_token = 'live-sender' where message_id = ?",
                Instant.now().plusSeconds(600).toEpochMilli(), id);
        assertThat(sender.drainOnce()).isZero();
        jdbc.update("update message_call set state = 'cancelled', lease_until = null, claim_token = null where message_id = ?", id);
    }

    private List<String> enqueue(String prefix, int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String member = MEMBERS.get(i % MEMBERS.size());
            ids.add(outbox.enqueue("{\"touser\":\"" + member + "\",\"msgtype\":\"text\",\"text\":{\"content\":\""
                    + prefix + " " + i + "\"}}").id());
        }
        return ids;
    }
}
