package io.github.wecom4j.gateway.message;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.gateway.cluster.ClusterTasks;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The {@code Idempotency-Key} of {@code POST /api/messages} and {@code /api/messages/batch}: the
 * first answer per corp and key is kept (with a digest of the body; for a batch, the whole answer
 * and the first message's id) in the same transaction as the message(s), so the same key and
 * body get that answer again and no second message, and the same key with another body is a
 * conflict. The table's primary key decides between concurrent requests on any instance. Keys are
 * remembered for {@link OutboxProperties#getIdempotencyRetention()}, then swept on one instance.
 */
@Component
class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** Bounded before anything is stored: a UUID is 36 characters, 255 leaves room for any scheme. */
    static final int MAX_LENGTH = 255;

    /** A key already used: the digest of its body and the answer it got. */
    record Used(String bodySha256, String response) {
    }

    /** The key of one request, to be recorded with its message. */
    record Claim(String key, String bodySha256) {
    }

    /** Same key, different body. */
    static final class ConflictException extends RuntimeException {
        ConflictException(String key) {
            super("Idempotency-Key " + key + " was already used with a different body", null, false, false);
        }
    }

    private final JdbcTemplate jdbc;
    private final String corpId;
    private final Clock clock;
    private final Duration retention;

    IdempotencyKeys(JdbcTemplate jdbc, WeComClient wecom, OutboxProperties props, ClusterTasks tasks,
                    @Qualifier("messageOutboxClock") Clock clock) {
        this.jdbc = jdbc;
        this.corpId = wecom.config().corpId();
        this.clock = clock;
        this.retention = props.getIdempotencyRetention();
        tasks.every("message-idempotency-sweep", Duration.ofMinutes(10), Duration.ofMinutes(20), this::sweep);
    }

    /** Checks a key as sent; null or absent means the request has none. */
    static Optional<String> checked(String key) {
        if (key == null) {
            return Optional.empty();
        }
        if (key.isEmpty() || key.length() > MAX_LENGTH || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7E)) {
            throw new WeComValidationException(40035, HEADER + " must be 1 to " + MAX_LENGTH
                    + " visible ASCII characters (a UUID is a good key)");
        }
        return Optional.of(key);
    }

    static String sha256(String canonicalBody) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonicalBody.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<Used> find(String key) {
        List<Used> rows = jdbc.query("select body_sha256, response from message_idempotency where corp_id = ? and idem_key = ?",
                (rs, n) -> new Used(rs.getString(1), rs.getString(2)), corpId, key);
        return rows.stream().findFirst();
    }

    /** The answer for a repeat of {@code claim}: the first one, or a conflict when the body differs. */
    static String replay(Claim claim, Used used) {
        if (!used.bodySha256().equals(claim.bodySha256())) {
            throw new ConflictException(claim.key());
        }
        return used.response();
    }

    /** Inside the transaction that stores the message; a concurrent twin fails on the primary key. */
    void record(JdbcTemplate tx, Claim claim, String messageId, String response) {
        tx.update("insert into message_idempotency (corp_id, idem_key, body_sha256, message_id, response, created_at)"
                + " values (?, ?, ?, ?, ?, ?)", corpId, claim.key(), claim.bodySha256(), messageId, response, clock.millis());
    }

    int sweep() {
        return jdbc.update("delete from message_idempotency where created_at < ?", clock.instant().minus(retention).toEpochMilli());
    }
}
