package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.db.PostgresSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The member budget's cross-process exclusion on PostgreSQL, one lock at a time: a second
 * connection stands for another instance and holds the advisory lock that instance would hold, and
 * a sender's reservation for the member must wait for it, or must not. Each case holds its lock
 * only until the sender is seen waiting (or has finished), so other tests sharing the database
 * wait at most that long.
 */
@SpringBootTest(properties = {"gateway.messages.senders-enabled=false", "gateway.messages.claim-batch=4"})
@ActiveProfiles("test")
class MemberBudgetLocksOnPostgresTest {

    /** A demo member (so the message is delivered); another test's sender reserving for it at the same moment only waits a little. */
    static final String MEMBER = "zhangsan";

    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "budget_locks");
    }

    @AfterAll
    static void dropSchema() {
        PostgresSchema.drop(schema);
    }

    @Autowired
    MessageOutbox outbox;
    @Autowired
    OutboxSender sender;
    @Autowired
    JdbcTemplate jdbc;

    int agentId;

    @BeforeEach
    void oneQueuedMessage() {
        jdbc.update("delete from message_member_send");
        jdbc.update("delete from message_call");
        jdbc.update("delete from message_outbox");
        outbox.enqueue(OutboxDeliveryContract.text("lock probe", MEMBER));
        agentId = jdbc.queryForObject("select agent_id from message_call", Integer.class);
    }

    /** Another instance of this version reserving for the same member: the sender waits for it. */
    @Test
    void aReservationWaitsForTheSameMembersLockHeldElsewhere() throws Exception {
        assertWaitsFor("pg_advisory_xact_lock", MemberBudget.MEMBER_NAMESPACE, MemberBudget.memberLockKey(agentId, MEMBER));
    }

    /** An instance of the version with one lock per app, mid-upgrade: still excluded. */
    @Test
    void aReservationWaitsForAnEarlierVersionsPerAppLock() throws Exception {
        assertWaitsFor("pg_advisory_xact_lock", MemberBudget.LOCK_NAMESPACE, agentId);
    }

    /** An instance of the version with 64 stripes per app, mid-upgrade: still excluded. */
    @Test
    void aReservationWaitsForAnEarlierVersionsStripeLock() throws Exception {
        assertWaitsFor("pg_advisory_xact_lock", MemberBudget.STRIPE_NAMESPACE + stripe(MEMBER), agentId);
    }

    /**
     * Another batch of this version reserving for a different member whose stripe is the same: it
     * holds the stripe shared and that member exclusively, and the sender does not wait for it. (With
     * stripes taken exclusively, as before, it did: concurrent batches of 16 members nearly always
     * shared a stripe, and senders queued on each other.)
     */
    @Test
    void aReservationDoesNotWaitForAnotherMemberOfTheSameStripe() throws Exception {
        String neighbour = null;
        for (int i = 0; neighbour == null; i++) {
            if (stripe("neighbour-" + i) == stripe(MEMBER)) {
                neighbour = "neighbour-" + i;
            }
        }
        try (Connection other = DriverManager.getConnection(PostgresSchema.URL, PostgresSchema.USER, "")) {
            other.setAutoCommit(false);
            lock(other, "pg_advisory_xact_lock_shared", MemberBudget.LOCK_NAMESPACE, agentId);
            lock(other, "pg_advisory_xact_lock_shared", MemberBudget.STRIPE_NAMESPACE + stripe(neighbour), agentId);
            lock(other, "pg_advisory_xact_lock", MemberBudget.MEMBER_NAMESPACE, MemberBudget.memberLockKey(agentId, neighbour));
            int claimed = CompletableFuture.supplyAsync(sender::drainOnce).get(30, TimeUnit.SECONDS);
            assertThat(claimed).isEqualTo(1);
            assertThat(jdbc.queryForObject("select state from message_call", String.class)).isEqualTo("sent");
            other.rollback();
        }
    }

    /**
     * A message to 10,000 users: a claim of four calls reserves for 3,001 members. One lock each
     * filled PostgreSQL's shared lock table (~64 per connection) and failed the claim for ever;
     * such a batch takes its members' stripes exclusively instead, so it waits for another batch
     * holding one of them, and holds tens of locks, not thousands.
     */
    @Test
    void aBatchForThousandsOfMembersLocksStripesNotEachMember() throws Exception {
        StringBuilder many = new StringBuilder(MEMBER);
        for (int i = 0; i < 9_999; i++) {
            many.append("|reader").append(i);
        }
        outbox.enqueue(OutboxDeliveryContract.text("to many", many.toString()));
        int stripeNamespace = MemberBudget.STRIPE_NAMESPACE + stripe(MEMBER);
        try (Connection other = DriverManager.getConnection(PostgresSchema.URL, PostgresSchema.USER, "")) {
            other.setAutoCommit(false);
            // a batch of this version reserving for a member of that stripe
            lock(other, "pg_advisory_xact_lock_shared", stripeNamespace, agentId);
            CompletableFuture<Integer> drain = CompletableFuture.supplyAsync(sender::drainOnce);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!drain.isDone() && waiters(other, stripeNamespace, agentId) == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(drain).as("the large batch waits for the stripe").isNotDone();
            assertThat(advisoryLocksOfTheWaitingSender(other)).isBetween(1, 2 + MemberBudget.STRIPES);
            other.rollback();
            assertThat(drain.get(30, TimeUnit.SECONDS)).isEqualTo(4);
        }
        while (sender.drainOnce() > 0) {
            // the other calls of the message
        }
        // every call decided: the probe and the call naming zhangsan sent; the others name only users the
        // demo corp does not have, which WeCom refuses whole (81013)
        assertThat(jdbc.queryForList("select state from message_call", String.class)).hasSize(11)
                .allMatch(state -> state.equals("sent") || state.equals("failed")).filteredOn("sent"::equals).hasSize(2);
    }

    /** Granted advisory locks of the backend waiting for one (the sender's reservation). */
    private static int advisoryLocksOfTheWaitingSender(Connection c) throws Exception {
        try (PreparedStatement s = c.prepareStatement("select count(*) from pg_locks where locktype = 'advisory' and granted"
                + " and pid in (select pid from pg_locks where locktype = 'advisory' and not granted)")) {
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    /**
     * Holds {@code function(namespace, key)} on another connection, drains once, and sees the
     * sender wait on that very lock until the other transaction ends; then the message is sent.
     */
    private void assertWaitsFor(String function, int namespace, int key) throws Exception {
        try (Connection other = DriverManager.getConnection(PostgresSchema.URL, PostgresSchema.USER, "")) {
            other.setAutoCommit(false);
            lock(other, function, namespace, key);
            CompletableFuture<Integer> drain = CompletableFuture.supplyAsync(sender::drainOnce);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!drain.isDone() && waiters(other, namespace, key) == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(drain).as("the sender must wait while another instance holds the lock").isNotDone();
            assertThat(waiters(other, namespace, key)).isPositive();
            other.rollback();
            assertThat(drain.get(30, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(jdbc.queryForObject("select state from message_call", String.class)).isEqualTo("sent");
    }

    private static void lock(Connection c, String function, int namespace, int key) throws Exception {
        try (PreparedStatement s = c.prepareStatement("select " + function + "(?, ?)")) {
            s.setInt(1, namespace);
            s.setInt(2, key);
            s.execute();
        }
    }

    /** Backends waiting for the two-key advisory lock (the keys show as unsigned oids in pg_locks). */
    private static int waiters(Connection c, int namespace, int key) throws Exception {
        try (PreparedStatement s = c.prepareStatement("select count(*) from pg_locks where locktype = 'advisory'"
                + " and not granted and objsubid = 2 and classid = (? & 4294967295)::oid and objid = (? & 4294967295)::oid")) {
            s.setLong(1, namespace);
            s.setLong(2, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private static int stripe(String member) {
        return Math.floorMod(MemberBudget.normalise(member).hashCode(), MemberBudget.STRIPES);
    }
}
