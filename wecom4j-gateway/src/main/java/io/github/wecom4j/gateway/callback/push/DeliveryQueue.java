package io.github.wecom4j.gateway.callback.push;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.wecom4j.gateway.cluster.Databases;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The durable push queue: one row per (subscription, callback), worked like the message outbox.
 *
 * <p><b>Order per subscription.</b> Only a subscription's <i>head</i> may be claimed: its
 * unfinished row (queued or delivering) with the lowest event id. While the head is being
 * delivered or waits for its retry, the subscription's later callbacks wait; once it is delivered
 * or given up (dead letter), the next one becomes the head. Event ids are handed out in commit
 * order (callback intake), so "lowest id" is "received first".
 *
 * <p><b>Cluster safety.</b> On PostgreSQL heads are locked with {@code FOR UPDATE SKIP LOCKED}
 * while they are claimed; on both databases the claim is a conditional update on the row's state,
 * so two workers (threads or instances) can never both hold a head. A claim is a lease on the
 * system clock; a worker that dies is replaced once its lease ends. Every change after the claim
 * names the claim token, so a worker that lost its claim changes nothing.
 */
@Repository
class DeliveryQueue {

    static final String QUEUED = "queued";
    static final String DELIVERING = "delivering";
    static final String DELIVERED = "delivered";
    static final String DEAD_LETTER = "dead_letter";

    private static final String DUE = "((d.state = 'queued' and d.next_attempt_at <= ?)"
            + " or (d.state = 'delivering' and d.lease_until < ?))";
    // Attempts are counted by beginAttempt, right before the POST: a claim given back unsent costs none.
    private static final String CLAIM = "update callback_delivery d set state = 'delivering', lease_until = ?, claim_token = ?"
            + " where d.id = ? and " + DUE
            // still the head: a dead letter re-driven meanwhile (a lower event id) goes first
            + " and not exists (select 1 from callback_delivery e where e.subscription_id = d.subscription_id"
            + " and e.state in ('queued', 'delivering') and e.event_id < d.event_id)";
    private static final String MINE = " where id = ? and state = 'delivering' and claim_token = ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final boolean postgres;
    /**
     * Where the next claim starts among the subscriptions with a due head: each claim starts one
     * further, so subscriptions take turns. Starting at the first in scan order, a worker whose
     * pushes were all busy (one slot free per finished push) kept claiming the subscription whose
     * push had just finished, its next row being due at once, and the others waited for its backlog.
     */
    private final java.util.concurrent.atomic.AtomicInteger turn = new java.util.concurrent.atomic.AtomicInteger();

    DeliveryQueue(JdbcTemplate jdbc, TransactionTemplate tx, DataSource dataSource) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.postgres = Databases.isPostgres(dataSource);
    }

    boolean postgres() {
        return postgres;
    }

    /**
     * Queues a stored callback for every subscription of the corp that takes its type, and for the
     * subscription its card names (template_card_event of a card sent naming one). Runs inside the
     * transaction that stores the callback, so a callback is stored and queued together or not at
     * all. Returns the number of deliveries queued.
     */
    int fanOut(String corpId, long eventId, int agentId, String type, String taskId, Instant now) {
        String pattern = type.matches("[a-z0-9_]{1,64}") ? "%," + type.replace("_", "\\_") + ",%" : null;
        return jdbc.update("insert into callback_delivery (corp_id, subscription_id, event_id, state, next_attempt_at, created_at)"
                        + " select s.corp_id, s.id, ?, 'queued', ?, ? from callback_subscription s where s.corp_id = ?"
                        + " and (s.event_types = '*' or s.event_types like ? escape '\\' or s.id in (select r.subscription_id"
                        + " from callback_card_route r where r.corp_id = ? and r.agent_id = ? and r.task_id = ?))",
                eventId, now.toEpochMilli(), now.toEpochMilli(), corpId, pattern, corpId, agentId, taskId == null ? "" : taskId);
    }

    /**
     * Claims up to {@code max} due heads (at most one per subscription). {@code now} is the push
     * clock (retry times), {@code systemNow} the system clock (leases: moving a virtual clock never
     * hands a row being delivered to a second worker).
     */
    List<Delivery> claim(String corpId, int max, Instant now, Instant systemNow, Instant leaseUntil) {
        long t = now.toEpochMilli();
        long sys = systemNow.toEpochMilli();
        String token = UUID.randomUUID().toString();
        // The head of each subscription, found through the (subscription_id, state, event_id) index:
        // two short lookups per subscription however long its backlog (a corp has at most a few hundred).
        List<long[]> heads = new ArrayList<>();
        List<String> subs = new ArrayList<>();
        jdbc.query("select s.id, (select min(q.event_id) from callback_delivery q where q.subscription_id = s.id"
                + " and q.state = 'queued'), (select min(w.event_id) from callback_delivery w where w.subscription_id = s.id"
                + " and w.state = 'delivering') from callback_subscription s where s.corp_id = ? order by s.id", rs -> {
                    long queued = rs.getLong(2);
                    boolean noQueued = rs.wasNull();
                    long delivering = rs.getLong(3);
                    boolean noDelivering = rs.wasNull();
                    if (!noQueued || !noDelivering) {
                        subs.add(rs.getString(1));
                        heads.add(new long[]{noQueued ? delivering : noDelivering ? queued : Math.min(queued, delivering)});
                    }
                }, corpId);
        List<Delivery> out = new ArrayList<>();
        int start = subs.isEmpty() ? 0 : Math.floorMod(turn.getAndIncrement(), subs.size());
        for (int k = 0; k < subs.size() && out.size() < max; k++) {
            int i = (start + k) % subs.size();
            String sub = subs.get(i);
            long eventId = heads.get(i)[0];
            Long claimed = postgres ? tx.execute(s -> {
                List<Long> ids = jdbc.queryForList("select d.id from callback_delivery d where d.subscription_id = ?"
                        + " and d.event_id = ? and " + DUE + " for update skip locked", Long.class, sub, eventId, t, sys);
                return ids.isEmpty() || jdbc.update(CLAIM, leaseUntil.toEpochMilli(), token, ids.get(0), t, sys) == 0
                        ? null : ids.get(0);
            }) : claimOnH2(sub, eventId, t, sys, leaseUntil, token);
            if (claimed != null) {
                out.add(load(claimed));
            }
        }
        return out;
    }

    /** Compare-and-set: the row count says whether this worker won the head. */
    private Long claimOnH2(String sub, long eventId, long t, long sys, Instant leaseUntil, String token) {
        List<Long> ids = jdbc.queryForList("select d.id from callback_delivery d where d.subscription_id = ? and d.event_id = ?"
                + " and " + DUE, Long.class, sub, eventId, t, sys);
        return ids.isEmpty() || jdbc.update(CLAIM, leaseUntil.toEpochMilli(), token, ids.get(0), t, sys) == 0 ? null : ids.get(0);
    }

    private Delivery load(long id) {
        return jdbc.queryForObject("select id, subscription_id, event_id, attempts, created_at, claim_token"
                        + " from callback_delivery where id = ?",
                (rs, n) -> new Delivery(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getInt(4), rs.getLong(5),
                        rs.getString(6)), id);
    }

    /**
     * Right before the POST, per row: the claim is still ours; renews its lease for this push and
     * counts the attempt. False: another worker has it, do not send.
     */
    boolean beginAttempt(Delivery d, Instant leaseUntil, Instant now) {
        return jdbc.update("update callback_delivery set lease_until = ?, last_attempt_at = ?, attempts = attempts + 1" + MINE,
                leaseUntil.toEpochMilli(), now.toEpochMilli(), d.id(), d.claimToken()) == 1;
    }

    /** Delivered: the error of an earlier attempt is history, no longer the row's (or the subscription's) health. */
    boolean markDelivered(Delivery d, int status, Instant now) {
        return jdbc.update("update callback_delivery set state = 'delivered', lease_until = null, claim_token = null,"
                + " last_status = ?, last_error = null, delivered_at = ?" + MINE, status, now.toEpochMilli(), d.id(),
                d.claimToken()) == 1;
    }

    void retryAt(Delivery d, Instant at, Integer status, String error) {
        jdbc.update("update callback_delivery set state = 'queued', lease_until = null, claim_token = null,"
                        + " next_attempt_at = ?, last_status = ?, last_error = ?" + MINE,
                at.toEpochMilli(), status, truncate(error), d.id(), d.claimToken());
    }

    void deadLetter(Delivery d, Integer status, String reason) {
        jdbc.update("update callback_delivery set state = 'dead_letter', lease_until = null, claim_token = null,"
                + " last_status = ?, last_error = ?" + MINE, status, truncate(reason), d.id(), d.claimToken());
    }

    /** Claimed but not attempted (a worker stopping): back to the queue, no attempt spent. */
    void release(Delivery d) {
        jdbc.update("update callback_delivery set state = 'queued', lease_until = null, claim_token = null" + MINE,
                d.id(), d.claimToken());
    }

    /** Dead letters of a subscription, oldest first. */
    List<Map<String, Object>> deadLetters(String corpId, String subscriptionId, int limit) {
        return jdbc.query("select d.id, d.event_id, d.attempts, d.last_status, d.last_error, d.created_at, d.last_attempt_at,"
                        + " e.msg_type, e.event from callback_delivery d join callback_event e on e.id = d.event_id"
                        + " where d.corp_id = ? and d.subscription_id = ? and d.state = 'dead_letter' order by d.event_id limit ?",
                (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("delivery_id", rs.getLong(1));
                    m.put("event_id", rs.getLong(2));
                    m.put("type", EventTypes.of(rs.getString(8), rs.getString(9)));
                    m.put("attempts", rs.getInt(3));
                    m.put("last_status", rs.getObject(4));
                    m.put("reason", rs.getString(5));
                    m.put("queued_at", Instant.ofEpochMilli(rs.getLong(6)).toString());
                    long last = rs.getLong(7);
                    m.put("last_attempt_at", rs.wasNull() ? null : Instant.ofEpochMilli(last).toString());
                    return m;
                }, corpId, subscriptionId, limit);
    }

    /**
     * Puts dead letters back in the queue with a fresh attempt budget (all of the subscription's, or
     * one). They go out in event order, so a re-driven one goes before later callbacks still queued.
     */
    int redrive(String corpId, String subscriptionId, Long deliveryId, Instant now) {
        String one = deliveryId == null ? "" : " and id = ?";
        List<Object> args = new ArrayList<>(List.of(now.toEpochMilli(), now.toEpochMilli(), corpId, subscriptionId));
        if (deliveryId != null) {
            args.add(deliveryId);
        }
        return jdbc.update("update callback_delivery set state = 'queued', attempts = 0, next_attempt_at = ?, created_at = ?"
                + " where corp_id = ? and subscription_id = ? and state = 'dead_letter'" + one, args.toArray());
    }

    /**
     * Per subscription: rows by state, and the last error of an unfinished row (queued or
     * delivering): once a row is delivered its old error says nothing about the subscription's
     * health; a dead letter's reason is listed with the dead letters.
     */
    Map<String, Map<String, Object>> health(String corpId) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        jdbc.query("select subscription_id, state, count(*) from callback_delivery where corp_id = ? group by subscription_id, state",
                rs -> {
                    out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getLong(3));
                }, corpId);
        jdbc.query("select d.subscription_id, d.last_error, d.last_status, d.last_attempt_at, d.state from callback_delivery d"
                        + " where d.corp_id = ? and d.state in ('queued', 'delivering') and d.last_error is not null"
                        + " and d.last_attempt_at = (select max(x.last_attempt_at) from callback_delivery x"
                        + " where x.corp_id = d.corp_id and x.subscription_id = d.subscription_id"
                        + " and x.state in ('queued', 'delivering') and x.last_error is not null)",
                rs -> {
                    Map<String, Object> h = out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>());
                    h.put("last_error", rs.getString(2));
                    h.put("last_error_status", rs.getObject(3));
                    h.put("last_error_at", Instant.ofEpochMilli(rs.getLong(4)).toString());
                }, corpId);
        return out;
    }

    /**
     * Deletes delivered rows of the corp delivered before {@code before}, in slices so no single
     * statement holds many row locks; how many.
     */
    int pruneDelivered(String corpId, Instant before) {
        int total = 0;
        int slice;
        do {
            slice = jdbc.update("delete from callback_delivery where id in (select id from callback_delivery where corp_id = ?"
                    + " and state = 'delivered' and delivered_at < ? limit 5000)", corpId, before.toEpochMilli());
            total += slice;
        } while (slice == 5000);
        return total;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
