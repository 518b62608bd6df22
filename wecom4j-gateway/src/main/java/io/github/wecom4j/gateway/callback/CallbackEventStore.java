package io.github.wecom4j.gateway.callback;

import io.github.wecom4j.callback.CallbackMessage;
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

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final JsonMapper json = JsonMapper.builder().build();

    public CallbackEventStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** True when stored now, false when this delivery was already stored (a WeCom retry). */
    public boolean storeOnce(int agentId, CallbackMessage m) {
        String event = m instanceof CallbackMessage.Event e ? e.event() : null;
        String fields = json.writeValueAsString(m.fields());
        try {
            tx.executeWithoutResult(s -> {
                long id = jdbc.queryForObject("SELECT last_id FROM callback_event_sequence WHERE id = 1 FOR UPDATE",
                        Long.class) + 1;
                jdbc.update("INSERT INTO callback_event (id, agent_id, dedupe_key, msg_type, event, from_user, create_time,"
                                + " fields_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        id, agentId, m.dedupeKey(), m.msgType(), event, m.fromUserName(), m.createTime(), fields);
                jdbc.update("UPDATE callback_event_sequence SET last_id = ? WHERE id = 1", id);
            });
            return true;
        } catch (DuplicateKeyException duplicate) {
            return false;
        }
    }

    /** Events with an id above {@code afterId}, oldest first, as soon as they are committed. */
    public List<StoredEvent> after(long afterId, int limit) {
        return jdbc.query("SELECT id, agent_id, msg_type, event, from_user, create_time, fields_json, received_at "
                        + "FROM callback_event WHERE id > ? ORDER BY id LIMIT ?",
                (rs, i) -> new StoredEvent(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getString(7), rs.getTimestamp(8).toInstant()),
                afterId, limit);
    }
}
