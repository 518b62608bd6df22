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
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

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
 *   <li>Until WeCom answers, a reservation is stamped {@link #IN_FLIGHT} ahead of its making, so
 *   that it counts in every member's minute while the call is being sent, however long the send
 *   and the batch before it take; stamped with the time it was made, a call still waiting for WeCom
 *   62 s later dropped out of the count, another sender gave the member 30 more, and WeCom silently
 *   dropped the excess.</li>
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
    /**
     * How far ahead of its making a reservation is stamped until WeCom's answer re-stamps it: longer
     * than any batch of sends takes (a claim of 16 calls, each a token fetch and a POST with 15 s
     * timeouts). A reservation whose sender died unanswered keeps counting until this passes (or a
     * resend re-stamps it): the member gets one message fewer than allowed for at most 11 minutes,
     * which is the safe side of WeCom's silent drop.
     */
    static final Duration IN_FLIGHT = Duration.ofMinutes(10);

    /** First key of the advisory locks: "WCMB", so they cannot collide with another application's. */
    static final int LOCK_NAMESPACE = 0x57434D42;
    /** Locks of member stripes (taken shared now, for earlier versions): namespaces LOCK_NAMESPACE + 1 ... + STRIPES, keyed by agentid. */
    static final int STRIPES = 64;
    static final int STRIPE_NAMESPACE = LOCK_NAMESPACE + 1;
    /** Locks of single members (the lock taken exclusively now): namespace after the stripes', keyed by {@link #memberLockKey}. */
    static final int MEMBER_NAMESPACE = STRIPE_NAMESPACE + STRIPES;
    /**
     * Most members a batch locks one by one; a batch for more (a message to thousands of users)
     * takes its app's stripes exclusively instead. PostgreSQL keeps every lock of every open
     * transaction in one shared table of about max_locks_per_transaction (64) x max_connections
     * entries: 10,000 member locks in one transaction failed with "out of shared memory", and the
     * claim was retried into the same failure for ever.
     */
    static final int MAX_MEMBER_LOCKS = 64;

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

    /** What {@link #reserveAll} decided for a call: reserved, nothing because the budget is full until {@code notBefore}, or nothing because the claim was lost. */
    record Reservation(boolean claimLost, Instant notBefore) {
        /** Full only because of calls reserved before it in the same batch: decide again after they are sent. */
        boolean decideAfterBatch(Instant now) {
            return notBefore != null && !notBefore.isAfter(now);
        }

        static final Reservation RESERVED = new Reservation(false, null);
        static final Reservation CLAIM_LOST = new Reservation(true, null);
    }

    /**
     * Reserves one delivery per named member for every call of a sender's claimed batch, or says
     * when the fullest member of a call frees up (nothing reserved for that call then). One
     * transaction for the batch: one lock per app, one count per app for all the batch's members,
     * one insert; not a transaction (five round trips, two of them under the app's lock) per call.
     * {@code stillClaimed} is given the rows and answers the ids whose claim is still ours (renewing
     * them), in the same transaction: a sender whose claim was taken over reserves nothing, so the
     * new holder's reservation is never counted twice. Calls are
     * decided in claim order, each counting the reservations of the calls before it in the batch. A
     * call whose member is full only because of the batch itself gets {@code notBefore == now}: when
     * the member frees up depends on when WeCom accepts the batch's calls (their slots are re-stamped
     * then, {@link #settle}), so it is decided again once they are sent.
     */
    Map<Long, Reservation> reserveAll(List<CallRow> rows, Instant now, Function<List<CallRow>, Set<Long>> stillClaimed) {
        if (rows.isEmpty()) {
            return Map.of();
        }
        if (postgres) {
            return tx.execute(s -> {
                // The locks are held until commit, so a commit that waited for its disk flush would
                // serialise every batch of the app behind one flush each. Not waiting is safe: the
                // sends that follow first commit their attempts synchronously, which flushes the
                // write-ahead log up to that point, these reservations included (the log is flushed
                // in order). A crash before that loses the reservations, but then nothing was sent.
                jdbc.execute("set local synchronous_commit to off");
                Set<Long> mine = stillClaimed.apply(rows);
                lockMembers(rows);
                return reserveAllLocked(rows, mine, now);
            });
        }
        synchronized (lock) {
            return reserveAllLocked(rows, stillClaimed.apply(rows), now);
        }
    }

    /**
     * A member's count and reservation must not interleave with another sender's for the same member
     * (two instances would each see 29 and both send). The lock is per member: a 32-bit hash of the
     * app and the normalised userid (the same in every JVM), in its own namespace. Two batches wait
     * for each other only when they share a member (or, rarely, a hash): senders deliver in parallel.
     *
     * <p>Why not fewer, coarser locks. One lock per app serialised every sender of the app. Then 64
     * stripes per app: a claimed batch of 16 members touches ~14 of them, so nearly every pair of
     * concurrent batches shared one, and as locks are taken in order a batch waited while holding the
     * stripes it already had: convoys. pg_stat_statements showed the stripe lock statement waiting
     * 112 ms on average per batch with 16 senders, more than everything else a batch does.
     *
     * <p>A batch for more than {@link #MAX_MEMBER_LOCKS} members takes the stripes of its members
     * exclusively and no member locks: every batch touching one of those members holds its stripe
     * (shared), so they still exclude each other, with at most {@link #STRIPES} locks per app.
     *
     * <p>Locks are taken in one global order (app, stripe, member), so no two batches wait in a
     * cycle. The coarser locks of earlier versions are still taken, in shared mode, which never
     * makes two batches of this version wait: an instance of an earlier version takes them
     * exclusively (the per-app lock, or the stripes), so during a rolling upgrade old and new
     * instances still exclude each other.
     */
    private void lockMembers(List<CallRow> rows) {
        TreeSet<Integer> apps = new TreeSet<>();
        TreeSet<Long> stripes = new TreeSet<>();
        TreeSet<Integer> members = new TreeSet<>();
        for (CallRow row : rows) {
            apps.add(row.agentId());
            for (String u : members(row)) {
                stripes.add(((long) row.agentId() << 8) | Math.floorMod(u.hashCode(), STRIPES));
                members.add(memberLockKey(row.agentId(), u));
            }
        }
        List<Integer> sharedNamespaces = new ArrayList<>();
        List<Integer> sharedKeys = new ArrayList<>();
        for (int app : apps) {
            sharedNamespaces.add(LOCK_NAMESPACE);
            sharedKeys.add(app);
        }
        boolean many = members.size() > MAX_MEMBER_LOCKS;
        List<Integer> stripeNamespaces = many ? new ArrayList<>() : sharedNamespaces;
        List<Integer> stripeKeys = many ? new ArrayList<>() : sharedKeys;
        for (long k : stripes) {
            stripeNamespaces.add(STRIPE_NAMESPACE + (int) (k & 0xff));
            stripeKeys.add((int) (k >>> 8));
        }
        // unnest of two arrays zips them in order, and the locks are taken row by row in that order.
        jdbc.queryForList("select pg_advisory_xact_lock_shared(n, a) from unnest(?, ?) as t(n, a)",
                sharedNamespaces.toArray(Integer[]::new), sharedKeys.toArray(Integer[]::new));
        if (many) {
            jdbc.queryForList("select pg_advisory_xact_lock(n, a) from unnest(?, ?) as t(n, a)",
                    stripeNamespaces.toArray(Integer[]::new), stripeKeys.toArray(Integer[]::new));
        } else if (!members.isEmpty()) {
            jdbc.queryForList("select pg_advisory_xact_lock(?, a) from unnest(?) as t(a)", MEMBER_NAMESPACE,
                    members.toArray(Integer[]::new));
        }
    }

    /**
     * The member's lock key within {@link #MEMBER_NAMESPACE}: the app and the normalised userid mixed
     * into 32 bits (String.hashCode is specified, so every JVM agrees). Two members with the same
     * key only wait for each other; nothing is counted wrong.
     */
    static int memberLockKey(int agentId, String normalisedUserId) {
        long h = agentId * 0x9E3779B97F4A7C15L ^ normalisedUserId.hashCode();
        h = (h ^ (h >>> 33)) * 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int) h;
    }

    private Map<Long, Reservation> reserveAllLocked(List<CallRow> rows, Set<Long> mine, Instant now) {
        Map<Integer, Set<String>> membersByApp = new HashMap<>();
        for (CallRow row : rows) {
            membersByApp.computeIfAbsent(row.agentId(), a -> new LinkedHashSet<>()).addAll(members(row));
        }
        Map<Integer, Map<String, long[]>> stored = new HashMap<>();
        membersByApp.forEach((agentId, users) -> stored.put(agentId, counts(agentId, List.copyOf(users), now)));
        Map<Integer, Map<String, long[]>> batch = new HashMap<>();
        Map<Long, Reservation> out = new HashMap<>();
        List<Object[]> inserts = new ArrayList<>();
        for (CallRow row : rows) {
            if (!mine.contains(row.id())) {
                out.put(row.id(), Reservation.CLAIM_LOST);
                continue;
            }
            List<String> users = members(row);
            Map<String, long[]> storedCounts = stored.get(row.agentId());
            Map<String, long[]> batchCounts = batch.computeIfAbsent(row.agentId(), a -> new HashMap<>());
            Instant notBefore = null;
            for (String u : users) {
                long[] c = storedCounts.getOrDefault(u, new long[2]);
                long[] b = batchCounts.getOrDefault(u, new long[2]);
                Instant free = null;
                if (c[0] >= PER_MINUTE || c[1] >= PER_HOUR) {
                    free = freeAt(row.agentId(), u, now);
                } else if (c[0] + b[0] >= PER_MINUTE || c[1] + b[1] >= PER_HOUR) {
                    free = now;
                }
                if (free != null && (notBefore == null || free.isAfter(notBefore))) {
                    notBefore = free;
                }
            }
            if (notBefore != null) {
                out.put(row.id(), new Reservation(false, notBefore));
                continue;
            }
            for (String u : users) {
                long[] b = batchCounts.computeIfAbsent(u, k -> new long[2]);
                b[0]++;
                b[1]++;
                inserts.add(new Object[]{row.agentId(), u, inFlightStamp(now), row.id()});
            }
            out.put(row.id(), Reservation.RESERVED);
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("insert into message_member_send (agent_id, userid, sent_at, call_id) values (?, ?, ?, ?)", inserts);
        }
        return out;
    }

    /** A call's named members, normalised and each once (what is counted). */
    static List<String> members(CallRow row) {
        if (row.userids().isEmpty()) {
            return List.of();
        }
        return java.util.Arrays.stream(row.userids().split("\\|")).map(MemberBudget::normalise).distinct().toList();
    }

    /** The stamp of a reservation made at {@code reservedAt} while its call is being sent. */
    private static long inFlightStamp(Instant reservedAt) {
        return reservedAt.plus(IN_FLIGHT).toEpochMilli();
    }

    /** The reservations made at {@code reservedAt} for a call count from WeCom's answer at {@code answeredAt}. */
    void settle(long callId, Instant reservedAt, Instant answeredAt) {
        jdbc.update("update message_member_send set sent_at = ? where call_id = ? and sent_at = ?",
                answeredAt.toEpochMilli(), callId, inFlightStamp(reservedAt));
    }

    /**
     * A call resent while in doubt, now answered: its slots count from {@code answeredAt}. The first
     * attempt may never have gone out (its sender died before sending it), and then WeCom counts
     * this send from now; a stamp from before would stop counting too early and let the member be
     * sent more than WeCom delivers. If the first attempt did go out, WeCom accepted it no later
     * than now and absorbs the resend, so the slot only counts a little longer than WeCom's. A dead
     * sender's slot still stamped {@link #IN_FLIGHT} ahead is brought back to now.
     */
    void restamp(long callId, Instant answeredAt) {
        jdbc.update("update message_member_send set sent_at = ? where call_id = ?", answeredAt.toEpochMilli(), callId);
    }

    /** WeCom certainly did not deliver: the reservations made at {@code reservedAt} are free again. */
    void release(long callId, Instant reservedAt) {
        jdbc.update("delete from message_member_send where call_id = ? and sent_at = ?", callId, inFlightStamp(reservedAt));
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
        // A slot of a call still being sent is re-stamped with WeCom's answer (settle), so it will count
        // from no earlier than now: its stamp (IN_FLIGHT ahead) is not when the member frees up.
        long t = now.toEpochMilli();
        List<Long> times = jdbc.queryForList("select case when c.state = 'sending' then ? else s.sent_at end"
                + " as t from message_member_send s left join message_call c on c.id = s.call_id where s.agent_id = ?"
                + " and s.userid = ? and s.sent_at > ? order by t desc", Long.class, t, agentId, userId,
                now.minus(hour).toEpochMilli());
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
