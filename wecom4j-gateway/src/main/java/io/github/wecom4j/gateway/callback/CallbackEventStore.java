package io.github.wecom4j.gateway.callback;

import io.github.wecom4j.callback.CallbackMessage;
import io.github.wecom4j.gateway.callback.push.CallbackPush;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;

/**
 * Stores each callback once (unique agent + dedupe key) and hands them on in commit order: ids are
 * taken from a counter row locked until the storing transaction commits, so ids become visible in
 * increasing order and {@link #after} never skips a row that committed late (with several gateway
 * instances too: the lock is the database's).
 */
@Repository
public class CallbackEventStore {

    /** A stored callback as consumers read it. */
    public record StoredEvent(long id, int agentId, String msgType, String event, String fromUser, long createTime,
                              String fieldsJson, Instant receivedAt) {
    }

    private static final String COLUMNS = "id, agent_id, msg_type, event, from_user, create_time, fields_json, received_at";
    private static final org.springframework.jdbc.core.RowMapper<StoredEvent> ROW = (rs, i) -> new StoredEvent(rs.getLong(1),
            rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6), rs.getString(7),
            rs.getTimestamp(8).toInstant());

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final CallbackPush push;
    private final JsonMapper json = JsonMapper.builder().build();

    /**
     * Every callback takes the one sequence row's lock (commit-ordered ids). A holder that stalls
     * inside that transaction (a frozen VM, a host cut off without a reset) would hold it for as long
     * as PostgreSQL keeps its session, hours without keepalives, and every instance's intake would
     * hang behind it while WeCom gives up on its callbacks. So, on PostgreSQL, a waiter gives up after
     * {@code lockTimeout} (503: WeCom sends the callback again, maybe to a healthy instance), and a
     * holder idle inside this transaction for {@code 10 x lockTimeout} is ended by PostgreSQL, which
     * releases the lock. Nothing in the transaction waits on anything but the database.
     */
    private final String lockSettings;

    public CallbackEventStore(JdbcTemplate jdbc, TransactionTemplate tx, CallbackPush push, javax.sql.DataSource dataSource,
                              @org.springframework.beans.factory.annotation.Value("${gateway.callbacks.store-lock-timeout:3s}")
                              java.time.Duration lockTimeout) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.push = push;
        this.lockSettings = io.github.wecom4j.gateway.cluster.Databases.isPostgres(dataSource)
                ? "SET LOCAL lock_timeout = " + Math.max(1, lockTimeout.toMillis())
                        + "; SET LOCAL idle_in_transaction_session_timeout = " + Math.max(10, 10 * lockTimeout.toMillis())
                : null;
    }

    /**
     * True when stored now, false when this delivery was already stored (a WeCom retry). A new
     * callback is queued for the subscriptions that take it in the same transaction: stored and
     * queued together, or neither.
     */
    public boolean storeOnce(int agentId, CallbackMessage m) {
        String event = m instanceof CallbackMessage.Event e ? e.event() : null;
        String fields = json.writeValueAsString(m.fields());
        try {
            tx.executeWithoutResult(s -> {
                if (lockSettings != null) {
                    jdbc.execute(lockSettings);
                }
                long id = jdbc.queryForObject("SELECT last_id FROM callback_event_sequence WHERE id = 1 FOR UPDATE",
                        Long.class) + 1;
                jdbc.update("INSERT INTO callback_event (id, agent_id, dedupe_key, msg_type, event, from_user, create_time,"
                                + " fields_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        id, agentId, m.dedupeKey(), m.msgType(), event, m.fromUserName(), m.createTime(), fields);
                jdbc.update("UPDATE callback_event_sequence SET last_id = ? WHERE id = 1", id);
                push.queue(id, agentId, m);
            });
            push.wakeUp();
            return true;
        } catch (org.springframework.jdbc.UncategorizedSQLException e) {
            if (e.getSQLException() != null && "55P03".equals(e.getSQLException().getSQLState())) {
                // lock_timeout: busy, not broken (503, WeCom sends the callback again)
                throw new org.springframework.dao.CannotAcquireLockException("callback intake busy: the id sequence is"
                        + " locked by another instance", e);
            }
            throw e;
        } catch (DuplicateKeyException duplicate) {
            // a WeCom retry only if this very delivery is stored: another key clashing (an id
            // counter behind the table after a restore) must fail loudly (500, WeCom sends it
            // again), not be answered 200 and dropped as "already stored"
            Integer stored = jdbc.queryForObject("SELECT count(*) FROM callback_event WHERE agent_id = ? AND dedupe_key = ?",
                    Integer.class, agentId, m.dedupeKey());
            if (stored == null || stored == 0) {
                throw duplicate;
            }
            return false;
        }
    }

    /** Events with an id above {@code afterId}, oldest first, as soon as they are committed. */
    public List<StoredEvent> after(long afterId, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM callback_event WHERE id > ? ORDER BY id LIMIT ?", ROW, afterId, limit);
    }

    public java.util.Optional<StoredEvent> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM callback_event WHERE id = ?", ROW, id).stream().findFirst();
    }

    /** The most recent callbacks, newest first (console). */
    public List<StoredEvent> recent(int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM callback_event ORDER BY id DESC LIMIT ?", ROW, limit);
    }

    /** Stored callbacks per type (Event of events, MsgType of messages), for the console. */
    public java.util.Map<String, Long> countsByType() {
        java.util.Map<String, Long> out = new java.util.TreeMap<>();
        jdbc.query("SELECT COALESCE(event, msg_type), COUNT(*) FROM callback_event GROUP BY COALESCE(event, msg_type)",
                rs -> {
                    out.merge(rs.getString(1).toLowerCase(java.util.Locale.ROOT), rs.getLong(2), Long::sum);
                });
        return out;
    }
}
