package io.github.wecom4j.gateway.callback;

import io.github.wecom4j.callback.CallbackMessage;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;

/** Stores each callback once (unique agent + dedupe key) and hands them on in arrival order. */
@Repository
public class CallbackEventStore {

    /** A stored callback as consumers read it. */
    public record StoredEvent(long id, int agentId, String msgType, String event, String fromUser, long createTime,
                              String fieldsJson, Instant receivedAt) {
    }

    /** How old a row must be before it is handed on (the interval in {@link #after}). */
    public static final java.time.Duration SETTLE = java.time.Duration.ofSeconds(2);

    private final JdbcTemplate jdbc;
    private final JsonMapper json = JsonMapper.builder().build();

    public CallbackEventStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True when stored now, false when this delivery was already stored (a WeCom retry). */
    public boolean storeOnce(int agentId, CallbackMessage m) {
        String event = m instanceof CallbackMessage.Event e ? e.event() : null;
        try {
            jdbc.update("INSERT INTO callback_event (agent_id, dedupe_key, msg_type, event, from_user, create_time, fields_json) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    agentId, m.dedupeKey(), m.msgType(), event, m.fromUserName(), m.createTime(),
                    json.writeValueAsString(m.fields()));
            return true;
        } catch (DuplicateKeyException duplicate) {
            return false;
        }
    }

    /**
     * Settled events with an id above {@code afterId}, oldest first. Ids are handed out before
     * commit, so under concurrent inserts id 6 can become visible before id 5; a consumer that then
     * moved past 6 would never see 5. Rows are therefore returned only once they are
     * {@link #SETTLE} old, far longer than a single-row insert takes to commit.
     */
    public List<StoredEvent> after(long afterId, int limit) {
        return jdbc.query("SELECT id, agent_id, msg_type, event, from_user, create_time, fields_json, received_at "
                        + "FROM callback_event WHERE id > ? AND received_at < CURRENT_TIMESTAMP - INTERVAL '2' SECOND "
                        + "ORDER BY id LIMIT ?",
                (rs, i) -> new StoredEvent(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getLong(6), rs.getString(7), rs.getTimestamp(8).toInstant()),
                afterId, limit);
    }
}
