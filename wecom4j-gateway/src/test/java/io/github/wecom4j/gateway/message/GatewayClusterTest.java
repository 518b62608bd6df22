package io.github.wecom4j.gateway.message;

import io.github.wecom4j.callback.CallbackCipher;
import io.github.wecom4j.callback.CallbackSignature;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 8: three gateway processes (separate JVMs) on the machine's PostgreSQL and Redis, a
 * standalone emulator, and one round-robin address in front of them (no sticky sessions):
 * <ol>
 *   <li>a login starts on one instance, finishes on another, is used on a third; its replay on yet
 *   another instance is refused;</li>
 *   <li>both JS-SDK tickets are fetched once for the cluster;</li>
 *   <li>a callback delivery repeated on every instance (WeCom's retries behind a load balancer) is
 *   stored once;</li>
 *   <li>60 messages to one member spread over the three: 30 delivered in the first minute, 30
 *   deferred, none dropped (the member budget is cluster-wide);</li>
 *   <li>1,200 messages submitted round-robin, one instance killed with SIGKILL half-way: every
 *   accepted message delivered exactly once (counted in the emulator's inboxes), and one
 *   {@code gettoken} for the whole cluster;</li>
 *   <li>a rolling restart: an instance stopped with SIGTERM while sending finishes or hands back
 *   its calls, logs no error on the way out, and everything is still delivered exactly once.</li>
 * </ol>
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayClusterTest {

    static final String KEY = GatewayCluster.KEY;
    static final int MEMBERS = 200;
    static final int MESSAGES = 1_200;

    @TempDir
    static Path dir;
    static GatewayCluster cluster;
    static final List<String> budgetIds = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = GatewayCluster.start(dir, 3, MEMBERS);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aLoginStartsOnOneInstanceFinishesOnAnotherAndIsUsedOnAThird() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> start = get(browser, cluster.url() + "/login?flow=qr&next=/index.html");
        assertThat(start.statusCode()).as(start.body()).isEqualTo(302);
        String page = start.headers().firstValue("Location").orElseThrow();
        HttpResponse<String> picked = get(browser, page + "&pick=lisi");
        assertThat(picked.statusCode()).as(picked.body()).isEqualTo(302);
        String callback = picked.headers().firstValue("Location").orElseThrow();
        assertThat(callback).startsWith(cluster.url() + "/login/callback?code=");
        HttpResponse<String> done = get(browser, callback);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(302);
        HttpResponse<String> me = get(browser, cluster.url() + "/api/me");
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(me.body()).contains("\"userId\":\"lisi\"");
        Set<String> servedBy = new HashSet<>(List.of(servedBy(start), servedBy(done), servedBy(me)));
        assertThat(servedBy).as("three different instances").hasSize(3);
        // the same callback again, on whichever instance comes next: the state was used
        HttpResponse<String> replay = get(browser, callback);
        assertThat(replay.statusCode()).isEqualTo(400);
    }

    @Test
    @Order(2)
    void bothJsSdkTicketsAreFetchedOncePerCluster() {
        for (int i = 0; i < 6; i++) {
            // six pages, two on each instance in turn
            String page = "https://app.example.com/page/" + i;
            assertThat(GatewayHttp.get(cluster.url() + "/api/jssdk/config?url=" + page, null).status()).isEqualTo(200);
            assertThat(GatewayHttp.get(cluster.url() + "/api/jssdk/agent-config?url=" + page, null).status()).isEqualTo(200);
        }
        assertThat(cluster.calls("/cgi-bin/get_jsapi_ticket")).as("jsapi_ticket").isEqualTo(1);
        assertThat(cluster.calls("/cgi-bin/ticket/get")).as("agent_config ticket").isEqualTo(1);
    }

    @Test
    @Order(3)
    void aCallbackRetriedOnEveryInstanceIsStoredOnce() {
        // WeCom retries a callback it got no answer for within 5 s; behind a load balancer each retry may
        // land on another instance. The same signed delivery, posted to each instance directly:
        String msgId = String.valueOf(7_000_000_000L + System.nanoTime() % 1_000_000);
        long now = System.currentTimeMillis() / 1000;
        String plain = "<xml><ToUserName><![CDATA[" + GatewayCluster.CORP + "]]></ToUserName>"
                + "<FromUserName><![CDATA[lisi]]></FromUserName><CreateTime>" + now + "</CreateTime>"
                + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[retried across instances]]></Content>"
                + "<MsgId>" + msgId + "</MsgId><AgentID>" + GatewayCluster.AGENT + "</AgentID></xml>";
        String encrypt = new CallbackCipher(GatewayCluster.CALLBACK_AES_KEY, GatewayCluster.CORP).encrypt(plain);
        String envelope = "<xml><ToUserName><![CDATA[" + GatewayCluster.CORP + "]]></ToUserName><Encrypt><![CDATA["
                + encrypt + "]]></Encrypt><AgentID><![CDATA[" + GatewayCluster.AGENT + "]]></AgentID></xml>";
        String nonce = "n" + msgId;
        String signature = new CallbackSignature(GatewayCluster.CALLBACK_TOKEN).sign(String.valueOf(now), nonce, encrypt);
        for (int i = 0; i < 3; i++) {
            GatewayHttp.Response r = GatewayHttp.post(cluster.instanceUrl(i) + "/wecom/callback/" + GatewayCluster.AGENT
                    + "?msg_signature=" + signature + "&timestamp=" + now + "&nonce=" + nonce, null, envelope);
            assertThat(r.status()).as("instance " + i + " acknowledges the delivery").isEqualTo(200);
        }
        JsonNode events = GatewayHttp.get(cluster.url() + "/api/callbacks?after=0", KEY).json();
        long copies = 0;
        for (JsonNode e : events) {
            copies += e.toString().contains("retried across instances") ? 1 : 0;
        }
        assertThat(copies).as("stored once for the cluster: " + events).isEqualTo(1);
    }

    @Test
    @Order(4)
    void sixtyMessagesToOneMemberOverThreeInstancesStopAtThirtyInTheFirstMinute() {
        for (int i = 0; i < 60; i++) {
            GatewayHttp.Response r = GatewayHttp.post(cluster.url() + "/api/messages", KEY,
                    "{\"touser\":\"busy\",\"msgtype\":\"text\",\"text\":{\"content\":\"budget " + i + "\"}}");
            assertThat(r.status()).as(r.json().toString()).isEqualTo(202);
            budgetIds.add(r.json().path("id").asString());
        }
        await("every budget message sent or deferred", Duration.ofSeconds(60), () -> {
            Map<String, Integer> states = states(budgetIds);
            return states.getOrDefault("sent", 0) + queuedAndNotDue(budgetIds) == 60;
        });
        assertThat(states(budgetIds).get("sent")).isEqualTo(30);
        assertThat(inboxOf("busy")).isEqualTo(30);
        assertThat(dropped()).isZero();
    }

    @Test
    @Order(5)
    void twelveHundredMessagesOneInstanceKilledMidwayEachDeliveredOnceWithOneGettoken() throws Exception {
        List<String> ids = new ArrayList<>();
        Set<String> acceptedContents = new HashSet<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String[]>> answers = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                String content = "cluster " + i;
                String body = "{\"touser\":\"m" + (i % MEMBERS) + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"" + content + "\"}}";
                answers.add(pool.submit(() -> {
                    try {
                        GatewayHttp.Response r = GatewayHttp.post(cluster.url() + "/api/messages", KEY, body);
                        return r.status() == 202 ? new String[]{r.json().path("id").asString(), content} : null;
                    } catch (IllegalStateException lost) {
                        return null; // in flight on the instance that died: not accepted
                    }
                }));
                if (i == MESSAGES / 2) {
                    // half-way through the intake: one instance dies without a word (SIGKILL)
                    cluster.instance(1).kill();
                }
            }
            for (Future<String[]> f : answers) {
                String[] a = f.get();
                if (a != null) {
                    ids.add(a[0]);
                    acceptedContents.add(a[1]);
                }
            }
        } finally {
            pool.shutdown();
        }
        // at most the few requests in flight at the kill went unanswered
        assertThat(ids.size()).isGreaterThan(MESSAGES - 50);
        await("every accepted message reported sent", Duration.ofSeconds(180),
                () -> states(ids).getOrDefault("sent", 0) == ids.size(), () -> cluster.instance(0).logTail());
        Map<String, Integer> copies = new HashMap<>();
        for (int i = 0; i < MEMBERS; i++) {
            for (JsonNode m : GatewayHttp.get(cluster.emulatorUrl() + "/_emulator/inbox/m" + i, null).json().path("messages")) {
                String summary = m.path("summary").asString();
                if (summary.startsWith("cluster ")) {
                    copies.merge(summary, 1, Integer::sum);
                }
            }
        }
        assertThat(copies.keySet()).containsAll(acceptedContents);
        assertThat(copies.values()).as("nothing delivered twice").containsOnly(1);
        assertThat(dropped()).isZero();
        assertThat(cluster.gettokenCalls()).as("one gettoken for the whole cluster").isEqualTo(1);

        // the budget member's deferred thirty go out once their minute is over, none dropped
        await("the deferred budget messages sent", Duration.ofSeconds(120),
                () -> states(budgetIds).getOrDefault("sent", 0) == 60);
        assertThat(inboxOf("busy")).isEqualTo(60);
        assertThat(dropped()).isZero();
    }

    @Test
    @Order(6)
    void anInstanceStoppedGracefullyHandsBackItsWorkAndLeavesNoErrors() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            GatewayHttp.Response r = GatewayHttp.post(cluster.url() + "/api/messages", KEY,
                    "{\"touser\":\"m" + (i % MEMBERS) + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"rolling " + i + "\"}}");
            assertThat(r.status()).isEqualTo(202);
            ids.add(r.json().path("id").asString());
        }
        ChildJvm stopping = cluster.instance(2);
        assertThat(stopping.terminate(Duration.ofSeconds(40))).as("stopped within the grace period").isTrue();
        String log = stopping.log();
        assertThat(log).doesNotContain("already closed").doesNotContain(" ERROR ");
        await("every message of the restart sent", Duration.ofSeconds(120),
                () -> states(ids).getOrDefault("sent", 0) == ids.size(), () -> states(ids) + "\n" + cluster.instance(0).logTail());
        Map<String, Integer> copies = new HashMap<>();
        for (int i = 0; i < MEMBERS; i++) {
            for (JsonNode m : GatewayHttp.get(cluster.emulatorUrl() + "/_emulator/inbox/m" + i, null).json().path("messages")) {
                if (m.path("summary").asString().startsWith("rolling ")) {
                    copies.merge(m.path("summary").asString(), 1, Integer::sum);
                }
            }
        }
        assertThat(copies).hasSize(300);
        assertThat(copies.values()).containsOnly(1);
    }

    private static HttpResponse<String> get(HttpClient browser, String url) throws Exception {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String servedBy(HttpResponse<?> r) {
        return r.headers().firstValue("X-Served-By").orElseThrow();
    }

    private static Map<String, Integer> states(List<String> ids) {
        Map<String, Integer> out = new HashMap<>();
        ids.parallelStream().map(id -> {
            GatewayHttp.Response r = GatewayHttp.get(cluster.url() + "/api/messages/" + id, KEY);
            return r.status() == 200 ? r.json().path("state").asString() : "HTTP " + r.status() + " " + r.json();
        }).toList().forEach(s -> out.merge(s, 1, Integer::sum));
        return out;
    }

    private static int queuedAndNotDue(List<String> ids) {
        long now = System.currentTimeMillis();
        return (int) ids.parallelStream().map(id -> GatewayHttp.get(cluster.url() + "/api/messages/" + id, KEY).json())
                .filter(s -> "queued".equals(s.path("state").asString()))
                .filter(s -> java.time.Instant.parse(s.path("calls").get(0).path("next_attempt_at").asString())
                        .toEpochMilli() > now + 30_000)
                .count();
    }

    private static long inboxOf(String member) {
        return cluster.inboxOf(member);
    }

    private static long dropped() {
        return cluster.dropped();
    }
}
