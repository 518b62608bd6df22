package io.github.wecom4j.gateway.message;

import io.github.wecom4j.message.MessageCall;
import io.github.wecom4j.message.MessageJson;
import io.github.wecom4j.message.SendOptions;
import io.github.wecom4j.message.SendResult;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The outbox tables. Claiming is the only subtle part: on PostgreSQL {@code SELECT ... FOR UPDATE
 * SKIP LOCKED} lets many senders (threads or instances) take disjoint rows without waiting; on H2,
 * which we do not rely on for SKIP LOCKED, each candidate is taken with a conditional UPDATE whose
 * row count says who won (compare-and-set), which is equally safe, just with more retries.
 */
@Repository
class OutboxRepository {

    static final String QUEUED = "queued";
    static final String SENDING = "sending";
    static final String SENT = "sent";
    static final String FAILED = "failed";
    /** May have been delivered, and resending could deliver it twice: needs a human (or the caller) to decide. */
    static final String UNKNOWN = "unknown";
    /** WeCom absorbed it as a copy of another message (same body inside the duplicate-check interval). */
    static final String DUPLICATE = "duplicate";
    static final String RECALLED = "recalled";
    static final String CANCELLED = "cancelled";

    private static final String DUE = "((state = 'queued' and next_attempt_at <= ?) or (state = 'sending' and lease_until < ?))";
    /**
     * The claim update. A row taken over from a sender whose lease ran out while an attempt was under
     * way ({@code attempt_started_at} set) may have been delivered: it becomes in doubt from that
     * attempt's start. Column references on the right are the old values (standard SQL).
     */
    private static final String CLAIM = "update message_call set state = 'sending', lease_until = ?, claim_token = ?,"
            + " attempts = attempts + 1,"
            + " in_doubt_since = case when state = 'sending' and attempt_started_at is not null"
            + " then coalesce(in_doubt_since, attempt_started_at) else in_doubt_since end,"
            + " attempt_started_at = null where id = ?";
    private static final String MINE = " where id = ? and state = 'sending' and claim_token = ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final boolean postgres;
    /**
     * {@code and agent_id in (...)}: the apps this instance has credentials for. A call of any
     * other app (removed from the configuration, or added by a rolling change that has not reached
     * this instance yet) is left for an instance that can send it: claimed here, it could only be
     * put back, again and again, with a warning each time.
     */
    private final String ownApps;
    /** The other apps' calls: {@code and agent_id not in (...)}, or nothing without apps. */
    private final String otherApps;

    OutboxRepository(JdbcTemplate jdbc, TransactionTemplate tx, DataSource dataSource, io.github.wecom4j.WeComClient wecom) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.postgres = io.github.wecom4j.gateway.cluster.Databases.isPostgres(dataSource);
        // Integers from our own configuration, so written into the statement as they are.
        String ids = wecom.apps().keySet().stream().sorted().map(String::valueOf)
                .collect(java.util.stream.Collectors.joining(", "));
        this.ownApps = ids.isEmpty() ? " and 1 = 0" : " and agent_id in (" + ids + ")";
        this.otherApps = ids.isEmpty() ? "" : " and agent_id not in (" + ids + ")";
    }

    /**
     * Calls waiting for apps this instance has no credentials for, per app (the start-up warning):
     * queued or being sent, so another instance or a later configuration must send them.
     */
    Map<Integer, Integer> waitingForOtherApps() {
        Map<Integer, Integer> out = new java.util.TreeMap<>();
        jdbc.query("select agent_id, count(*) from message_call where state in ('queued', 'sending')" + otherApps
                + " group by agent_id", rs -> {
                    out.put(rs.getInt(1), rs.getInt(2));
                });
        return out;
    }

    boolean postgres() {
        return postgres;
    }

    /**
     * Stores accepted messages and their calls in one transaction (the caller's; see
     * {@link #insertAll}). Multi-row INSERTs: two statements per batch, whatever its size, instead
     * of two round trips per message.
     */
    private void insertRows(List<NewMessage> messages) {
        List<Object[]> outboxRows = new ArrayList<>(messages.size());
        List<Object[]> callRows = new ArrayList<>(messages.size());
        for (NewMessage m : messages) {
            outboxRows.add(new Object[]{m.id(), m.agentId(), m.request(), m.calls().size(), m.createdAt()});
            for (int i = 0; i < m.calls().size(); i++) {
                NewMessage.Call c = m.calls().get(i);
                callRows.add(new Object[]{m.id(), i, m.agentId(), c.body(), c.userids(), QUEUED, m.createdAt(),
                        c.duplicateCheckSeconds()});
            }
        }
        insertMultiRow("insert into message_outbox (id, agent_id, request, calls, created_at) values ", outboxRows);
        insertMultiRow("insert into message_call (message_id, seq, agent_id, body, userids, state, next_attempt_at,"
                + " duplicate_check_seconds) values ", callRows);
    }

    /** Rows per INSERT statement: PostgreSQL takes at most 32,767 parameters in one statement. */
    private static final int ROWS_PER_STATEMENT = 500;

    private void insertMultiRow(String insertInto, List<Object[]> rows) {
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Object[]> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_STATEMENT));
            int width = chunk.get(0).length;
            String one = "(" + String.join(", ", java.util.Collections.nCopies(width, "?")) + ")";
            StringBuilder sql = new StringBuilder(insertInto.length() + chunk.size() * (one.length() + 2)).append(insertInto);
            Object[] args = new Object[chunk.size() * width];
            for (int r = 0; r < chunk.size(); r++) {
                sql.append(r == 0 ? "" : ", ").append(one);
                System.arraycopy(chunk.get(r), 0, args, r * width, width);
            }
            jdbc.update(sql.toString(), args);
        }
    }

    /** How many of these messages are stored (read on a connection of its own, outside any transaction). */
    int storedCount(List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        String marks = String.join(", ", java.util.Collections.nCopies(ids.size(), "?"));
        return jdbc.queryForObject("select count(*) from message_outbox where id in (" + marks + ")", Integer.class,
                ids.toArray());
    }

    /** Stores the messages in one transaction: all of them, or (an exception) none. */
    void insertAll(List<NewMessage> messages) {
        tx.executeWithoutResult(s -> insertRows(messages));
    }

    /**
     * Stores messages in their own transaction together with {@code alsoInTransaction} (recording
     * an idempotency key, cards' click routes), run first: a concurrent twin fails there, before
     * any message row is written, and nothing of the messages stays without it.
     */
    void insertOwn(List<NewMessage> messages, java.util.function.Consumer<JdbcTemplate> alsoInTransaction) {
        tx.executeWithoutResult(s -> {
            alsoInTransaction.accept(jdbc);
            insertRows(messages);
        });
    }

    /** The rows of a message; {@code firstBody} is the first call's JSON, already written by the caller. */
    static NewMessage newMessage(String id, int agentId, String request, List<MessageCall> calls, String firstBody, Instant now) {
        List<NewMessage.Call> rows = new ArrayList<>(calls.size());
        for (MessageCall c : calls) {
            SendOptions o = c.options();
            int checkSeconds = o.enableDuplicateCheck() ? (int) o.duplicateCheckInterval().toSeconds() : 0;
            String body = rows.isEmpty() ? firstBody : MessageJson.write(c);
            rows.add(new NewMessage.Call(body, String.join("|", c.to().users()), checkSeconds));
        }
        return new NewMessage(id, agentId, request, now.toEpochMilli(), rows);
    }

    /**
     * Takes up to {@code max} due calls: queued and due at {@code now}, or sending with a lease that
     * ended before {@code systemNow} (on PostgreSQL up to {@code max} of each); only calls of the
     * apps this instance has. Leases run on the database's clock ({@code DatabaseClock}), so moving a
     * virtual clock (emulated mode) never hands a call that is being sent to a second sender, and
     * neither does an instance whose own clock is ahead.
     */
    List<CallRow> claim(int max, Instant now, Instant systemNow, Instant leaseUntil) {
        long t = now.toEpochMilli();
        long sys = systemNow.toEpochMilli();
        String token = UUID.randomUUID().toString();
        if (postgres) {
            // One statement, one round trip: lock the due rows (skipping rows other senders hold),
            // claim them and return them as claimed. The rows come back in claim order.
            // Queued rows and rows whose lease ran out are looked up apart: each is then an ordered
            // scan of the (state, next_attempt_at) index that stops after `max` rows. With the two
            // in one OR the planner could only collect every due row and sort them: with a backlog of
            // 126,000 queued calls one claim took 2.8 s (a sort spilled to disk) while senders queued
            // behind it. Rows whose lease ran out (a sender died) are rare and go first: at most
            // `max` of each kind per claim.
            List<CallRow> out = jdbc.query("with queued as (select id from message_call where state = 'queued'"
                    + " and next_attempt_at <= ?" + ownApps + " order by next_attempt_at, id limit ? for update skip locked),"
                    + " expired as (select id from message_call where state = 'sending' and lease_until < ?" + ownApps
                    + " order by lease_until, id limit ? for update skip locked),"
                    + " due as (select id from expired union all select id from queued) "
                    + CLAIM.replace(" where id = ?", " from due where message_call.id = due.id")
                    + " returning message_call." + CALL_ROW_COLUMNS, CALL_ROW,
                    t, max, sys, max, leaseUntil.toEpochMilli(), token);
            out.sort(java.util.Comparator.comparingLong(CallRow::id));
            return out;
        }
        List<Long> candidates = jdbc.queryForList("select id from message_call where " + DUE + ownApps
                + " order by next_attempt_at, id limit ?", Long.class, t, sys, max * 4);
        List<CallRow> out = new ArrayList<>();
        for (Long id : candidates) {
            if (out.size() >= max) {
                break;
            }
            int won = jdbc.update(CLAIM + " and " + DUE, leaseUntil.toEpochMilli(), token, id, t, sys);
            if (won == 1) {
                out.add(load(id));
            }
        }
        return out;
    }

    private static final String CALL_ROW_COLUMNS = "id, message_id, seq, agent_id, body, userids, attempts, claim_token,"
            + " in_doubt_since, duplicate_check_seconds, transient_failures";
    private static final org.springframework.jdbc.core.RowMapper<CallRow> CALL_ROW = (rs, n) -> {
        long inDoubt = rs.getLong(9);
        Instant since = rs.wasNull() ? null : Instant.ofEpochMilli(inDoubt);
        return new CallRow(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), rs.getInt(7), rs.getString(8), since, rs.getInt(10), rs.getInt(11));
    };

    private CallRow load(long id) {
        return jdbc.queryForObject("select " + CALL_ROW_COLUMNS + " from message_call where id = ?", CALL_ROW, id);
    }

    /**
     * Right before a send: proves the claim is still ours, renews its lease and records that an
     * attempt is going out (so a sender that takes over after our death knows it may have been
     * delivered). False when another sender has taken the row meanwhile: then we must not send it.
     */
    boolean beginAttempt(CallRow row, Instant leaseUntil, Instant now) {
        return jdbc.update("update message_call set lease_until = ?, attempt_started_at = ?" + MINE,
                leaseUntil.toEpochMilli(), now.toEpochMilli(), row.id(), row.claimToken()) == 1;
    }

    /**
     * {@link #renewLease} for a batch claimed together (one claim token): the ids still ours, their
     * leases renewed. One statement on PostgreSQL.
     */
    Set<Long> renewLeases(List<CallRow> rows, Instant leaseUntil) {
        return updateMine(rows, "update message_call set lease_until = ?", List.of(leaseUntil.toEpochMilli()));
    }

    /**
     * {@link #beginAttempt} for calls about to be sent one after the other by this sender: records
     * the attempt of each before the first goes out, in one statement. A crash before a call's turn
     * leaves it in doubt although it was never sent; it is then resent inside WeCom's duplicate check
     * (absorbed if it was delivered after all), so only calls with the check on are begun this way.
     */
    Set<Long> beginAttempts(List<CallRow> rows, Instant leaseUntil, Instant now) {
        return updateMine(rows, "update message_call set lease_until = ?, attempt_started_at = ?",
                List.of(leaseUntil.toEpochMilli(), now.toEpochMilli()));
    }

    /** An attempt begun but not sent (the sender stops): back to the queue, no attempt spent, not in doubt. */
    void releaseBegun(CallRow row) {
        jdbc.update("update message_call set state = 'queued', lease_until = null, claim_token = null,"
                + " attempt_started_at = null, attempts = attempts - 1" + MINE, row.id(), row.claimToken());
    }

    private Set<Long> updateMine(List<CallRow> rows, String update, List<Object> values) {
        Set<Long> mine = new java.util.HashSet<>();
        if (rows.isEmpty()) {
            return mine;
        }
        String token = rows.get(0).claimToken();
        if (postgres && rows.stream().allMatch(r -> token.equals(r.claimToken()))) {
            List<Object> args = new ArrayList<>(values);
            args.add(rows.stream().map(CallRow::id).toArray(Long[]::new));
            args.add(token);
            mine.addAll(jdbc.queryForList(update + " where id = any(?) and state = 'sending' and claim_token = ? returning id",
                    Long.class, args.toArray()));
            return mine;
        }
        for (CallRow row : rows) {
            List<Object> args = new ArrayList<>(values);
            args.add(row.id());
            args.add(row.claimToken());
            if (jdbc.update(update + MINE, args.toArray()) == 1) {
                mine.add(row.id());
            }
        }
        return mine;
    }

    /** Extends the lease of a call being sent; false when the claim was lost. */
    boolean renewLease(CallRow row, Instant leaseUntil) {
        return jdbc.update("update message_call set lease_until = ?" + MINE, leaseUntil.toEpochMilli(), row.id(),
                row.claimToken()) == 1;
    }

    /** WeCom accepted it. False when the claim was lost meanwhile (the new holder records its own outcome). */
    boolean markSent(CallRow row, SendResult r, Instant now) {
        return jdbc.update(RECORD_SENT + MINE, sentArgs(r, null, now, row.id(), row.claimToken())) == 1;
    }

    /** What recording a call sent sets, with {@link #sentArgs}. */
    private static final String RECORD_SENT = "update message_call set state = 'sent', lease_until = null, claim_token = null,"
            + " attempt_started_at = null, errcode = ?, errmsg = ?, msgid = ?, invalid_user = ?, invalid_party = ?,"
            + " invalid_tag = ?, unlicensed_user = ?, response_code = ?, sent_at = ?";

    private static Object[] sentArgs(SendResult r, String errmsg, Instant now, Object... where) {
        Object[] set = {r.errcode(), errmsg, r.msgid(), join(r.invalidUsers()), join(r.invalidParties()),
                join(r.invalidTags()), join(r.unlicensedUsers()), r.responseCode(), now.toEpochMilli()};
        Object[] out = java.util.Arrays.copyOf(set, set.length + where.length);
        System.arraycopy(where, 0, out, set.length, where.length);
        return out;
    }

    /**
     * WeCom accepted a call after its sender had lost the claim (it stalled past its lease), and the
     * sender that took it over has not learnt the outcome: it ended the call {@code unknown} (the
     * duplicate-check window had passed, or its own resend went unanswered) or put it back in the
     * queue, where a recall may have cancelled it as never sent although this attempt was in flight
     * (the call is in doubt). This answer is the truth: the call is recorded sent with WeCom's
     * msgid, so it reads right and can be recalled (and is, by its sender, when the recall was asked
     * for). A call the new holder is sending, or has recorded, is left to it.
     */
    boolean markSentLate(CallRow row, SendResult r, Instant now) {
        return jdbc.update(RECORD_SENT + " where id = ? and msgid is null and claim_token is null and (state in ('unknown', 'queued')"
                        + " or (state = 'cancelled' and in_doubt_since is not null))",
                sentArgs(r, "recorded from WeCom's answer to an attempt whose sender had lost its claim", now, row.id())) == 1;
    }

    /** WeCom answered with the msgid of {@code originalMessageId}'s call: nothing new was delivered. */
    boolean markDuplicate(CallRow row, SendResult r, String originalMessageId, Instant now) {
        return jdbc.update("update message_call set state = 'duplicate', lease_until = null, claim_token = null,"
                        + " attempt_started_at = null, errcode = 0, errmsg = ?, msgid = ?, duplicate_of = ?, sent_at = ?" + MINE,
                "absorbed by WeCom's duplicate check as a copy of message " + originalMessageId
                        + " (same content within duplicate_check_interval); nothing new was delivered",
                r.msgid(), originalMessageId, now.toEpochMilli(), row.id(), row.claimToken()) == 1;
    }

    /** WeCom refused every recipient (81013): nothing was delivered; the invalid lists say why. */
    boolean markAllInvalid(CallRow row, SendResult r) {
        return jdbc.update("update message_call set state = 'failed', lease_until = null, claim_token = null,"
                        + " attempt_started_at = null, errcode = ?, errmsg = ?, invalid_user = ?, invalid_party = ?,"
                        + " invalid_tag = ?" + MINE, r.errcode(),
                "no valid recipient: every user, department and tag is unknown or outside the app's visible range",
                join(r.invalidUsers()), join(r.invalidParties()), join(r.invalidTags()), row.id(), row.claimToken()) == 1;
    }

    /**
     * Back to the queue after an attempt; {@code inDoubt} when that attempt may have been delivered
     * (the call then may be resent only inside WeCom's duplicate-check window).
     */
    void reschedule(CallRow row, Instant at, int errcode, String errmsg, boolean inDoubt) {
        jdbc.update("update message_call set state = 'queued', lease_until = null, claim_token = null, next_attempt_at = ?,"
                        + " errcode = ?, errmsg = ?," + inDoubtSinceAttempt(inDoubt) + " attempt_started_at = null" + MINE,
                at.toEpochMilli(), errcode, truncate(errmsg), row.id(), row.claimToken());
    }

    /** Back to the queue without an attempt spent: the member budget is full until {@code at}. */
    void deferForBudget(CallRow row, Instant at) {
        jdbc.update("update message_call set state = 'queued', lease_until = null, claim_token = null, next_attempt_at = ?,"
                + " attempts = attempts - 1" + MINE, at.toEpochMilli(), row.id(), row.claimToken());
    }

    /**
     * Our own infrastructure failed before WeCom was reached (token store, database): no attempt is
     * spent, so an outage of any length never fails a message, but retries are spaced out.
     */
    void rescheduleTransient(CallRow row, Instant at, String errmsg) {
        jdbc.update("update message_call set state = 'queued', lease_until = null, claim_token = null, next_attempt_at = ?,"
                        + " errmsg = ?, attempts = attempts - 1, transient_failures = transient_failures + 1,"
                        + " attempt_started_at = null" + MINE,
                at.toEpochMilli(), truncate(errmsg), row.id(), row.claimToken());
    }

    /** Claimed but not started (a sender stopping): back to the queue at once, no attempt spent. */
    void release(CallRow row) {
        jdbc.update("update message_call set state = 'queued', lease_until = null, claim_token = null,"
                + " attempts = attempts - 1" + MINE, row.id(), row.claimToken());
    }

    /** Certainly not delivered, and no retry will help. */
    void markFailed(CallRow row, int errcode, String errmsg) {
        jdbc.update("update message_call set state = 'failed', lease_until = null, claim_token = null,"
                        + " attempt_started_at = null, errcode = ?, errmsg = ?" + MINE,
                errcode, truncate(errmsg), row.id(), row.claimToken());
    }

    /** May have been delivered and may not be resent without risking a second copy. */
    void markUnknown(CallRow row, Integer errcode, String errmsg, boolean attemptInDoubt) {
        jdbc.update("update message_call set state = 'unknown', lease_until = null, claim_token = null,"
                        + " errcode = ?, errmsg = ?," + inDoubtSinceAttempt(attemptInDoubt) + " attempt_started_at = null" + MINE,
                errcode, truncate(errmsg), row.id(), row.claimToken());
    }

    private static String inDoubtSinceAttempt(boolean inDoubt) {
        return inDoubt ? " in_doubt_since = coalesce(in_doubt_since, attempt_started_at)," : "";
    }

    /**
     * The messages whose sent (or recalled) calls WeCom answered with each msgid, for many
     * (agentid, msgid) pairs in one query per app: {@code "agentid:msgid"} to message ids, first sent
     * first.
     */
    Map<String, List<String>> messagesWithMsgids(List<Object[]> agentAndMsgid) {
        Map<Integer, Set<String>> byApp = new java.util.TreeMap<>();
        for (Object[] p : agentAndMsgid) {
            if (p[1] != null) {
                byApp.computeIfAbsent((Integer) p[0], a -> new java.util.LinkedHashSet<>()).add((String) p[1]);
            }
        }
        Map<String, List<String>> out = new java.util.HashMap<>();
        byApp.forEach((agentId, msgids) -> {
            List<String> ids = List.copyOf(msgids);
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                List<Object> args = new ArrayList<>();
                args.add(agentId);
                args.addAll(chunk);
                jdbc.query("select msgid, message_id from message_call where agent_id = ? and msgid in ("
                        + String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"))
                        + ") and state in ('sent', 'recalled') order by sent_at, id", rs -> {
                    out.computeIfAbsent(agentId + ":" + rs.getString(1), k -> new ArrayList<>())
                            .add(rs.getString(2));
                }, args.toArray());
            }
        });
        return out;
    }

    /** Calls not yet claimed will never be sent. */
    /** Marks the message as one whose recall was asked for (the first request's time stays). */
    void requestRecall(String messageId, Instant now) {
        jdbc.update("update message_outbox set recall_requested_at = ? where id = ? and recall_requested_at is null",
                now.toEpochMilli(), messageId);
    }

    /** The ids among these calls whose message's recall was asked for. */
    Set<Long> recallRequested(Collection<Long> callIds) {
        if (callIds.isEmpty()) {
            return Set.of();
        }
        String in = String.join(",", java.util.Collections.nCopies(callIds.size(), "?"));
        return new HashSet<>(jdbc.queryForList("select c.id from message_call c join message_outbox o on o.id = c.message_id"
                + " where c.id in (" + in + ") and o.recall_requested_at is not null", Long.class, callIds.toArray()));
    }

    /** A claimed call of a recalled message that was never attempted: cancelled instead of sent. */
    boolean cancelClaimed(CallRow row) {
        return jdbc.update("update message_call set state = 'cancelled', lease_until = null, claim_token = null" + MINE,
                row.id(), row.claimToken()) == 1;
    }

    int cancelQueued(String messageId, Instant now) {
        // A queued call in doubt (an earlier attempt's answer was lost) may be on members' screens:
        // cancelling it would report "recalled" while they keep it. It is made due instead, and its
        // sender, seeing the recall request, resends it (absorbed by WeCom's duplicate check if it was
        // delivered, which gives its msgid) and recalls it, or ends it unknown past the window.
        jdbc.update("update message_call set next_attempt_at = ? where message_id = ? and state = 'queued'"
                + " and in_doubt_since is not null and next_attempt_at > ?", now.toEpochMilli(), messageId, now.toEpochMilli());
        return jdbc.update("update message_call set state = 'cancelled' where message_id = ? and state = 'queued'"
                + " and in_doubt_since is null", messageId);
    }

    /**
     * (call id, agentid, msgid, seq) of every sent call of a message whose msgid is its own: a msgid that
     * an earlier message's call received first belongs to that message (WeCom absorbed this one as
     * its copy), and recalling it would withdraw the other message.
     */
    List<Object[]> sentCalls(String messageId) {
        return jdbc.query("select c.id, c.agent_id, c.msgid, c.seq from message_call c where c.message_id = ? and c.state = 'sent'"
                + " and c.msgid is not null and not exists (select 1 from message_call o where o.agent_id = c.agent_id"
                + " and o.msgid = c.msgid and o.message_id <> c.message_id and o.state in ('sent', 'recalled')"
                + " and (o.sent_at < c.sent_at or (o.sent_at = c.sent_at and o.id < c.id))) order by c.seq",
                (rs, n) -> new Object[]{rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getInt(4)}, messageId);
    }

    /**
     * Takes a sent call for recalling (sent to recalled), before WeCom is asked: of the recall API
     * and the call's sender, only the one that takes it asks WeCom.
     */
    boolean markRecalled(long callId) {
        return jdbc.update("update message_call set state = 'recalled' where id = ? and state = 'sent'", callId) == 1;
    }

    /** WeCom refused the recall: the call is sent again as far as the outbox knows. */
    void unmarkRecalled(long callId) {
        jdbc.update("update message_call set state = 'sent' where id = ? and state = 'recalled'", callId);
    }

    Optional<Map<String, Object>> message(String id) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select id, agent_id, calls, created_at from message_outbox where id = ?", id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    List<Map<String, Object>> calls(String messageId) {
        return jdbc.queryForList("select seq, state, attempts, next_attempt_at, errcode, errmsg, msgid, invalid_user,"
                + " invalid_party, invalid_tag, unlicensed_user, response_code, sent_at, in_doubt_since, duplicate_of,"
                + " duplicate_check_seconds from message_call"
                + " where message_id = ? order by seq", messageId);
    }

    List<String> recentMessageIds(int limit) {
        return jdbc.queryForList("select id from message_outbox order by created_at desc, id limit ?", String.class, limit);
    }

    /** When the oldest call that is due now became due (queued), if any. */
    Optional<Instant> oldestDue(Instant now) {
        List<Long> t = jdbc.queryForList("select min(next_attempt_at) from message_call where state = 'queued'"
                + " and next_attempt_at <= ?", Long.class, now.toEpochMilli());
        return t.isEmpty() || t.get(0) == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(t.get(0)));
    }

    Map<String, Long> countsByState() {
        Map<String, Long> out = new java.util.TreeMap<>();
        jdbc.query("select state, count(*) from message_call group by state",
                (rs) -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    private static String join(List<String> ids) {
        return ids.isEmpty() ? null : String.join("|", ids);
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 1000 ? s : s.substring(0, 1000);
    }
}
