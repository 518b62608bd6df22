package io.github.wecom4j.gateway.message;

import org.springframework.jdbc.core.JdbcTemplate;
import io.github.wecom4j.gateway.cluster.ClusterTasks;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * WeCom silently drops app messages beyond 30 per minute and 1000 per hour to one member from one
 * app (doc 90454). The senders therefore reserve a delivery per named member before sending;
 * when a member's window is full the call is scheduled for the moment it frees up instead of
 * being sent into the void. Reservations live in the database, so a restart does not forget
 * them.
 *
 * <ul>
 *   <li>WeCom userids are case-insensitive ({@code ZhangSan} is {@code zhangsan}, and WeCom
 *   answers invalid ids lower-cased), so members are counted by their lower-cased id.</li>
 *   <li>WeCom counts a message when it accepts it, which can be seconds after the reservation
 *   (a slow network, a retried {@code -1}); a reservation is therefore re-stamped with the time of
 *   WeCom's answer ({@link #settle}), which is never earlier than the acceptance.</li>
 *   <li>A reservation is released when WeCom certainly did not deliver ({@link #release}), and kept
 *   when it may have (a timeout).</li>
 * </ul>
 *
 * <p>Reservations of one app are serialised across the whole cluster: on PostgreSQL by a
 * transaction-scoped advisory lock per app (every instance counts and inserts under it, so three
 * instances messaging one member together still stop at 30 a minute); on the embedded H2, which
 * only one process can open, by a lock in this JVM. Audiences named by department, tag or
 * {@code @all} are not expanded here and so are not budgeted.
 */
@Component
class MemberBudget {

    static final int PER_MINUTE = 30;
    static final int PER_HOUR = 1000;

    /** First key of the advisory locks: "WCMB", so they cannot collide with another application's. */
    private static final int LOCK_NAMESPACE = 0x57434D42;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final boolean postgres;
    private final Duration minute;
    private final Duration hour;
    private final Object lock = new Object();

    MemberBudget(JdbcTemplate jdbc, TransactionTemplate tx, OutboxRepository repository, OutboxProperties props,
                 ClusterTasks tasks, @Qualifier("messageOutboxClock") java.time.Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.postgres = repository.postgres();
        // Old reservations are forgotten by one instance at a time.
        tasks.every("outbox-budget-prune", Duration.ofMinutes(1), Duration.ofMinutes(5), () -> prune(clock.instant()));
        this.minute = Duration.ofMinutes(1).plus(props.getBudgetMargin());
        this.hour = Duration.ofHours(1).plus(props.getBudgetMargin());
    }

    /** What {@link #reserve} did: reserved, nothing because the budget is full until {@code notBefore}, or nothing because the claim was lost. */
    record Reservation(boolean claimLost, Instant notBefore) {
        static final Reservation RESERVED = new Reservation(false, null);
        static final Reservation CLAIM_LOST = new Reservation(true, null);
    }

    /**
     * Reserves one delivery for every member for call {@code callId} at {@code now}, or says when
     * the fullest member frees up (nothing reserved then). {@code stillClaimed} is asked first, in
     * the reservation's own transaction (it renews the caller's claim): a sender whose claim was
     * taken over while the call waited in its batch reserves nothing, so the new holder's
     * reservation is never counted twice.
     */
    Reservation reserve(int agentId, List<String> members, long callId, Instant now, BooleanSupplier stillClaimed) {
        if (members.isEmpty()) {
            return Reservation.RESERVED;
        }
        List<String> userIds = members.stream().map(MemberBudget::normalise).distinct().toList();
        if (postgres) {
            return tx.execute(s -> {
                // The lock is held until commit, so a commit that waited for its disk flush would
                // serialise every send of the app behind one flush each. Not waiting is safe: the
                // send that follows first commits its attempt synchronously, which flushes the
                // write-ahead log up to that point, this reservation included (the log is flushed
                // in order). A crash before that loses the reservation, but then nothing was sent.
                jdbc.execute("set local synchronous_commit to off");
                if (!stillClaimed.getAsBoolean()) {
                    return Reservation.CLAIM_LOST;
                }
                jdbc.queryForList("select pg_advisory_xact_lock(?, ?)", LOCK_NAMESPACE, agentId);
                return reserveLocked(agentId, userIds, callId, now);
            });
        }
        synchronized (lock) {
            return stillClaimed.getAsBoolean() ? reserveLocked(agentId, userIds, callId, now) : Reservation.CLAIM_LOST;
        }
    }

    private Reservation reserveLocked(int agentId, List<String> userIds, long callId, Instant now) {
        Map<String, long[]> counts = counts(agentId, userIds, now);
        Instant notBefore = null;
        for (String u : userIds) {
            long[] c = counts.get(u);
            if (c != null && (c[0] >= PER_MINUTE || c[1] >= PER_HOUR)) {
                Instant free = freeAt(agentId, u, now);
                notBefore = notBefore == null || free.isAfter(notBefore) ? free : notBefore;
            }
        }
        if (notBefore != null) {
            return new Reservation(false, notBefore);
        }
        List<Object[]> rows = new ArrayList<>(userIds.size());
        for (String u : userIds) {
            rows.add(new Object[]{agentId, u, now.toEpochMilli(), callId});
        }
        jdbc.batchUpdate("insert into message_member_send (agent_id, userid, sent_at, call_id) values (?, ?, ?, ?)", rows);
        return Reservation.RESERVED;
    }

    /** The reservations made at {@code reservedAt} for a call count from WeCom's answer at {@code answeredAt}. */
    void settle(long callId, Instant reservedAt, Instant answeredAt) {
        jdbc.update("update message_member_send set sent_at = ? where call_id = ? and sent_at = ?",
                answeredAt.toEpochMilli(), callId, reservedAt.toEpochMilli());
    }

    /** WeCom certainly did not deliver: the reservations made at {@code reservedAt} are free again. */
    void release(long callId, Instant reservedAt) {
        jdbc.update("delete from message_member_send where call_id = ? and sent_at = ?", callId, reservedAt.toEpochMilli());
    }

    static String normalise(String userId) {
        return userId.toLowerCase(java.util.Locale.ROOT);
    }

    /** Forgets reservations older than the hour window. */
    void prune(Instant now) {
        jdbc.update("delete from message_member_send where sent_at <= ?", now.minus(hour).toEpochMilli());
    }

    private Map<String, long[]> counts(int agentId, List<String> userIds, Instant now) {
        Map<String, long[]> out = new HashMap<>();
        long minuteAgo = now.minus(minute).toEpochMilli();
        long hourAgo = now.minus(hour).toEpochMilli();
        for (int from = 0; from < userIds.size(); from += 500) {
            List<String> chunk = userIds.subList(from, Math.min(userIds.size(), from + 500));
            String in = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            List<Object> args = new ArrayList<>();
            args.add(minuteAgo);
            args.add(agentId);
            args.add(hourAgo);
            args.addAll(chunk);
            jdbc.query("select userid, sum(case when sent_at > ? then 1 else 0 end), count(*) from message_member_send"
                    + " where agent_id = ? and sent_at > ? and userid in (" + in + ") group by userid", rs -> {
                out.put(rs.getString(1), new long[]{rs.getLong(2), rs.getLong(3)});
            }, args.toArray());
        }
        return out;
    }

    private Instant freeAt(int agentId, String userId, Instant now) {
        List<Long> times = jdbc.queryForList("select sent_at from message_member_send where agent_id = ? and userid = ?"
                + " and sent_at > ? order by sent_at desc", Long.class, agentId, userId, now.minus(hour).toEpochMilli());
        Instant free = now;
        long minuteAgo = now.minus(minute).toEpochMilli();
        if (times.size() >= PER_MINUTE && times.get(PER_MINUTE - 1) > minuteAgo) {
            free = max(free, Instant.ofEpochMilli(times.get(PER_MINUTE - 1)).plus(minute).plusMillis(1));
        }
        if (times.size() >= PER_HOUR) {
            free = max(free, Instant.ofEpochMilli(times.get(PER_HOUR - 1)).plus(hour).plusMillis(1));
        }
        return free;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
