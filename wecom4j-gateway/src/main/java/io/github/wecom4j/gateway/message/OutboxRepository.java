package io.github.wecom4j.gateway.message;

import io.github.wecom4j.message.MessageCall;
import io.github.wecom4j.message.MessageJson;
import io.github.wecom4j.message.SendResult;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    static final String RECALLED = "recalled";
    static final String CANCELLED = "cancelled";

    private static final String DUE = "((state = 'queued' and next_attempt_at <= ?) or (state = 'sending' and lease_until < ?))";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final boolean postgres;

    OutboxRepository(JdbcTemplate jdbc, TransactionTemplate tx, DataSource dataSource) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.postgres = isPostgres(dataSource);
    }

    boolean postgres() {
        return postgres;
    }

    void insert(String id, int agentId, String request, List<MessageCall> calls, Instant now) {
        tx.executeWithoutResult(s -> {
            jdbc.update("insert into message_outbox (id, agent_id, request, calls, created_at) values (?, ?, ?, ?, ?)",
                    id, agentId, request, calls.size(), now.toEpochMilli());
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < calls.size(); i++) {
                MessageCall c = calls.get(i);
                rows.add(new Object[]{id, i, agentId, MessageJson.write(c), String.join("|", c.to().users()), QUEUED,
                        now.toEpochMilli()});
            }
            jdbc.batchUpdate("insert into message_call (message_id, seq, agent_id, body, userids, state, next_attempt_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?)", rows);
        });
    }

    /**
     * Takes up to {@code max} due calls: queued and due at {@code now}, or sending with a lease that
     * ended before {@code systemNow}. Leases run on the system clock, so moving a virtual clock
     * (emulated mode) never hands a call that is being sent to a second sender.
     */
    List<CallRow> claim(int max, Instant now, Instant systemNow, Instant leaseUntil) {
        long t = now.toEpochMilli();
        long sys = systemNow.toEpochMilli();
        String token = UUID.randomUUID().toString();
        if (postgres) {
            return tx.execute(s -> {
                List<Long> ids = jdbc.queryForList("select id from message_call where " + DUE
                        + " order by next_attempt_at, id limit ? for update skip locked", Long.class, t, sys, max);
                List<CallRow> out = new ArrayList<>();
                for (Long id : ids) {
                    jdbc.update("update message_call set state = 'sending', lease_until = ?, claim_token = ?,"
                            + " attempts = attempts + 1 where id = ?", leaseUntil.toEpochMilli(), token, id);
                    out.add(load(id));
                }
                return out;
            });
        }
        List<Long> candidates = jdbc.queryForList("select id from message_call where " + DUE
                + " order by next_attempt_at, id limit ?", Long.class, t, sys, max * 4);
        List<CallRow> out = new ArrayList<>();
        for (Long id : candidates) {
            if (out.size() >= max) {
                break;
            }
            int won = jdbc.update("update message_call set state = 'sending', lease_until = ?, claim_token = ?,"
                    + " attempts = attempts + 1 where id = ? and " + DUE, leaseUntil.toEpochMilli(), token, id, t, sys);
            if (won == 1) {
                out.add(load(id));
            }
        }
        return out;
    }

    private CallRow load(long id) {
        return jdbc.queryForObject("select id, message_id, seq, agent_id, body, userids, attempts, claim_token"
                        + " from message_call where id = ?",
                (rs, n) -> new CallRow(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7), rs.getString(8)), id);
    }

    /** Recorded even if the lease was lost meanwhile: WeCom did accept it (a retaker's resend is absorbed). */
    void markSent(long id, SendResult r, Instant now) {
        jdbc.update("update message_call set state = 'sent', lease_until = null, claim_token = null, errcode = ?, errmsg = null, msgid = ?,"
                        + " invalid_user = ?, invalid_party = ?, invalid_tag = ?, unlicensed_user = ?, response_code = ?,"
                        + " sent_at = ? where id = ?",
                r.errcode(), r.msgid(), join(r.invalidUsers()), join(r.invalidParties()), join(r.invalidTags()),
                join(r.unlicensedUsers()), r.responseCode(), now.toEpochMilli(), id);
    }

    /** Back to the queue; {@code countAttempt} false when the call was not tried (budget full). */
    void reschedule(CallRow row, Instant at, Integer errcode, String errmsg, boolean countAttempt) {
        jdbc.update("update message_call set state = 'queued', lease_until = null, claim_token = null, next_attempt_at = ?,"
                        + " errcode = ?, errmsg = ?, attempts = attempts - ? where id = ? and state = 'sending' and claim_token = ?",
                at.toEpochMilli(), errcode, truncate(errmsg), countAttempt ? 0 : 1, row.id(), row.claimToken());
    }

    void markFailed(CallRow row, int errcode, String errmsg) {
        jdbc.update("update message_call set state = 'failed', lease_until = null, claim_token = null, errcode = ?, errmsg = ?"
                + " where id = ? and state = 'sending' and claim_token = ?", errcode, truncate(errmsg), row.id(), row.claimToken());
    }

    /** Calls not yet claimed will never be sent. */
    int cancelQueued(String messageId) {
        return jdbc.update("update message_call set state = 'cancelled' where message_id = ? and state = 'queued'", messageId);
    }

    /** (call id, agentid, msgid) of every sent call of a message. */
    List<Object[]> sentCalls(String messageId) {
        return jdbc.query("select id, agent_id, msgid from message_call where message_id = ? and state = 'sent'"
                + " and msgid is not null order by seq", (rs, n) -> new Object[]{rs.getLong(1), rs.getInt(2), rs.getString(3)},
                messageId);
    }

    void markRecalled(long callId) {
        jdbc.update("update message_call set state = 'recalled' where id = ? and state = 'sent'", callId);
    }

    Optional<Map<String, Object>> message(String id) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select id, agent_id, calls, created_at from message_outbox where id = ?", id);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    List<Map<String, Object>> calls(String messageId) {
        return jdbc.queryForList("select seq, state, attempts, next_attempt_at, errcode, errmsg, msgid, invalid_user,"
                + " invalid_party, invalid_tag, unlicensed_user, response_code, sent_at from message_call"
                + " where message_id = ? order by seq", messageId);
    }

    List<String> recentMessageIds(int limit) {
        return jdbc.queryForList("select id from message_outbox order by created_at desc, id limit ?", String.class, limit);
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

    private static boolean isPostgres(DataSource ds) {
        try (Connection c = ds.getConnection()) {
            return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot inspect the database", e);
        }
    }
}
