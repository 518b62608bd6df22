package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.db.PostgresSchema;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit of {@code POST /api/messages} on PostgreSQL: requests arriving together share one
 * transaction, and a 202 still means the message is committed. The test holds an EXCLUSIVE lock on
 * {@code message_outbox} from its own connection, so the gateway's intake transactions wait inside
 * their INSERT (mid-batch) for as long as the test wants; it then kills chosen backends with
 * {@code pg_terminate_backend}, as a database crash or a network cut would, or lets them go.
 * Senders are off, so the rows stay as intake left them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "gateway.messages.api-keys=" + IntakeGroupCommitTest.KEY,
        "gateway.messages.senders-enabled=false",
        "gateway.messages.intake-writers=2"})
@ActiveProfiles("test")
class IntakeGroupCommitTest {

    static final String KEY = "group-commit-test-key";
    static String schema;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        schema = PostgresSchema.useFor(registry, "group_commit");
    }

    @AfterAll
    static void drop() {
        PostgresSchema.drop(schema);
    }

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MeterRegistry meters;

    private final ExecutorService clients = Executors.newCachedThreadPool();
    private Connection locker;

    @BeforeEach
    void lockTheOutboxTable() throws Exception {
        locker = DriverManager.getConnection(PostgresSchema.jdbcUrl(schema), PostgresSchema.USER, "");
        locker.setAutoCommit(false);
        try (Statement s = locker.createStatement()) {
            s.execute("lock table message_outbox in exclusive mode");
        }
    }

    @AfterEach
    void release() throws Exception {
        locker.rollback();
        locker.close();
        clients.shutdownNow();
    }

    @Test
    void requestsArrivingDuringACommitShareTheNextOneAndEach202IsStored() throws Exception {
        long batchesBefore = batches().count();
        Future<GatewayHttp.Response> first = post("first");
        awaitWritersBlocked(1);
        Future<GatewayHttp.Response> second = post("second");
        awaitWritersBlocked(2);
        List<Future<GatewayHttp.Response>> later = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            later.add(post("later " + i));
        }
        await("20 requests waiting for a commit", Duration.ofSeconds(20), () -> waiting() == 20);
        assertThat(first.isDone()).as("no 202 before the commit").isFalse();

        locker.rollback();

        List<Future<GatewayHttp.Response>> all = new ArrayList<>(List.of(first, second));
        all.addAll(later);
        List<String> ids = new ArrayList<>();
        for (Future<GatewayHttp.Response> f : all) {
            GatewayHttp.Response r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as(r.json().toString()).isEqualTo(202);
            ids.add(r.json().path("id").asString());
        }
        for (String id : ids) {
            assertThat(jdbc.queryForObject("select count(*) from message_call where message_id = ? and state = 'queued'",
                    Integer.class, id)).as("a 202 means the message and its call are stored").isEqualTo(1);
        }
        // Two transactions of one message each (the writers that waited on the lock), then one for
        // all twenty that arrived meanwhile.
        assertThat(batches().count() - batchesBefore).isEqualTo(3);
        assertThat(batches().max()).isEqualTo(20);
    }

    @Test
    void aBatchWhoseConnectionDiesMidwayFailsOnlyItsOwnRequestsWith503AndStoresNothing() throws Exception {
        Future<GatewayHttp.Response> doomedAlone = post("doomed alone");
        int doomedPid = awaitWritersBlocked(1).get(0);
        Future<GatewayHttp.Response> survivor = post("survivor");
        int survivorPid = awaitWritersBlocked(2).stream().filter(p -> p != doomedPid).findFirst().orElseThrow();
        List<Future<GatewayHttp.Response>> doomedTogether = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            doomedTogether.add(post("doomed together " + i));
        }
        await("10 requests waiting for a commit", Duration.ofSeconds(20), () -> waiting() == 10);

        // The first batch's connection dies mid-INSERT: its request is refused; the ten waiting
        // requests then form one batch on a fresh connection, which dies the same way.
        terminate(doomedPid);
        GatewayHttp.Response refused = doomedAlone.get(30, TimeUnit.SECONDS);
        assertRefusedAndRetryable(refused);
        int togetherPid = awaitWritersBlocked(2).stream().filter(p -> p != survivorPid).findFirst().orElseThrow();
        assertThat(waiting()).as("all ten in the one batch").isZero();
        terminate(togetherPid);
        for (Future<GatewayHttp.Response> f : doomedTogether) {
            assertRefusedAndRetryable(f.get(30, TimeUnit.SECONDS));
        }
        assertThat(survivor.isDone()).as("the other batch is not failed with them").isFalse();

        locker.rollback();

        GatewayHttp.Response ok = survivor.get(30, TimeUnit.SECONDS);
        assertThat(ok.status()).isEqualTo(202);
        assertThat(jdbc.queryForObject("select count(*) from message_outbox where id = ?", Integer.class,
                ok.json().path("id").asString())).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from message_outbox where request like '%doomed%'", Integer.class))
                .as("no refused message stored").isZero();
        assertThat(post("after the failures").get(30, TimeUnit.SECONDS).status()).as("intake goes on").isEqualTo(202);
    }

    @Test
    void aBatchRequestJoinsTheNextTransactionWholeWithTheSinglesArrivingMeanwhile() throws Exception {
        long batchesBefore = batches().count();
        Future<GatewayHttp.Response> first = post("first single");
        awaitWritersBlocked(1);
        Future<GatewayHttp.Response> second = post("second single");
        awaitWritersBlocked(2);
        Future<GatewayHttp.Response> batch = postBatch("shared batch", 5);
        await("the batch's 5 messages waiting", Duration.ofSeconds(20), () -> waiting() == 5);
        List<Future<GatewayHttp.Response>> singles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            singles.add(post("shared single " + i));
        }
        await("8 messages waiting for a commit", Duration.ofSeconds(20), () -> waiting() == 8);
        assertThat(batch.isDone()).as("no 202 before the commit").isFalse();

        locker.rollback();

        GatewayHttp.Response accepted = batch.get(30, TimeUnit.SECONDS);
        assertThat(accepted.status()).as(accepted.json().toString()).isEqualTo(202);
        assertThat(accepted.json().path("messages").size()).isEqualTo(5);
        for (tools.jackson.databind.JsonNode m : accepted.json().path("messages")) {
            assertThat(jdbc.queryForObject("select count(*) from message_call where message_id = ? and state = 'queued'",
                    Integer.class, m.path("id").asString())).as("a 202 means every message of the batch is stored").isEqualTo(1);
        }
        for (Future<GatewayHttp.Response> f : List.of(first, second, singles.get(0), singles.get(1), singles.get(2))) {
            assertThat(f.get(30, TimeUnit.SECONDS).status()).isEqualTo(202);
        }
        // the two blocked writers, then one transaction for the batch and the three singles
        assertThat(batches().count() - batchesBefore).isEqualTo(3);
        assertThat(batches().max()).isEqualTo(8);
    }

    @Test
    void aBatchWhoseConnectionDiesAtCommitIsRefusedWith503AndNoneOfItsMessagesIsStored() throws Exception {
        Future<GatewayHttp.Response> doomed = postBatch("doomed batch", 5);
        int pid = awaitWritersBlocked(1).get(0);

        terminate(pid);

        assertRefusedAndRetryable(doomed.get(30, TimeUnit.SECONDS));
        locker.rollback();
        assertThat(jdbc.queryForObject("select count(*) from message_outbox where request like '%doomed batch%'", Integer.class))
                .as("no message of the refused batch stored").isZero();
        GatewayHttp.Response retried = postBatch("retried batch", 5).get(30, TimeUnit.SECONDS);
        assertThat(retried.status()).as("the caller's retry").isEqualTo(202);
        assertThat(jdbc.queryForObject("select count(*) from message_outbox where request like '%retried batch%'", Integer.class))
                .isEqualTo(5);
    }

    private static void assertRefusedAndRetryable(GatewayHttp.Response r) {
        assertThat(r.status()).as(r.json().toString()).isEqualTo(503);
        assertThat(r.json().path("errcode").asInt()).isEqualTo(-1);
        assertThat(r.json().path("hint").asString()).contains("retry");
        assertThat(r.json().toString()).doesNotContain("Exception").doesNotContain("terminating");
    }

    private Future<GatewayHttp.Response> post(String content) {
        String body = "{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}";
        return clients.submit(() -> GatewayHttp.post("http://localhost:" + port + "/api/messages", KEY, body));
    }

    private Future<GatewayHttp.Response> postBatch(String content, int messages) {
        List<String> items = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            items.add("{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + " " + i + "\"}}");
        }
        String body = "{\"messages\":[" + String.join(",", items) + "]}";
        return clients.submit(() -> GatewayHttp.post("http://localhost:" + port + "/api/messages/batch", KEY, body));
    }

    /** Waits until {@code n} gateway backends wait for the test's lock; their pids, oldest query first. */
    private List<Integer> awaitWritersBlocked(int n) {
        List<Integer> pids = new ArrayList<>();
        await(n + " intake transaction(s) blocked inside their INSERT", Duration.ofSeconds(20), () -> {
            pids.clear();
            pids.addAll(jdbc.queryForList("select l.pid from pg_locks l join pg_stat_activity a on a.pid = l.pid"
                    + " where l.relation = '" + schema + ".message_outbox'::regclass and not l.granted"
                    + " order by a.query_start", Integer.class));
            return pids.size() == n;
        });
        return pids;
    }

    private static void terminate(int pid) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresSchema.jdbcUrl(schema), PostgresSchema.USER, "");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select pg_terminate_backend(" + pid + ")")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("backend " + pid + " terminated").isTrue();
        }
    }

    private double waiting() {
        return meters.get("wecom4j.outbox.intake.waiting").gauge().value();
    }

    private DistributionSummary batches() {
        return meters.get("wecom4j.outbox.intake.batch").summary();
    }
}
