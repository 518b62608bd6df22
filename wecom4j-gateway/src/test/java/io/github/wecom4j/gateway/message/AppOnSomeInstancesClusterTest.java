package io.github.wecom4j.gateway.message;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app configured on some instances only (removed from one's configuration, or added by a
 * rolling change that has not reached every instance): its calls wait, untouched, for an instance
 * that has its credentials, and go out once one runs. Before, every other instance claimed them,
 * failed to find the app and put them back with a warning, for ever.
 */
class AppOnSomeInstancesClusterTest {

    private static final List<String> JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");

    @TempDir
    static Path dir;
    static GatewayCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = GatewayCluster.start(dir, 1, 2); // instance 0: the first app only, senders on
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void callsOfAnAppAnInstanceLacksWaitForAnInstanceThatHasIt() throws Exception {
        List<String> intake = new ArrayList<>(GatewayCluster.secondApp());
        intake.add("--gateway.messages.senders-enabled=false");
        int both = cluster.addInstance(JVM, intake); // both apps, takes messages but sends none
        GatewayHttp.Response second = GatewayHttp.post(cluster.instanceUrl(both) + "/api/messages", GatewayCluster.KEY,
                "{\"agentid\":" + GatewayCluster.AGENT_2 + ",\"touser\":\"m0\",\"msgtype\":\"text\","
                        + "\"text\":{\"content\":\"for the second app\"}}");
        assertThat(second.status()).as(second.json().toString()).isEqualTo(202);
        String secondId = second.json().path("id").asString();

        // Instance 0's senders claim what is due whenever a message wakes them: these three prove
        // they claimed after the second app's call was queued and due.
        List<String> firstAppIds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            GatewayHttp.Response r = GatewayHttp.post(cluster.instanceUrl(0) + "/api/messages", GatewayCluster.KEY,
                    "{\"touser\":\"m1\",\"msgtype\":\"text\",\"text\":{\"content\":\"first app " + i + "\"}}");
            assertThat(r.status()).as(r.json().toString()).isEqualTo(202);
            firstAppIds.add(r.json().path("id").asString());
        }
        await("the first app's messages sent", Duration.ofSeconds(30),
                () -> firstAppIds.stream().allMatch(id -> "sent".equals(view(id).path("state").asString())));
        JsonNode waiting = view(secondId).path("calls").get(0);
        assertThat(waiting.path("state").asString()).as(waiting.toString()).isEqualTo("queued");
        assertThat(waiting.path("attempts").asInt()).as(waiting.toString()).isZero();
        assertThat(waiting.path("errmsg").isNull()).as("never claimed by an instance without the app: " + waiting)
                .isTrue();
        assertThat(cluster.instance(0).logTail()).doesNotContain("before reaching WeCom");

        // An instance with the second app and its senders on sends it, once.
        List<String> sender = new ArrayList<>(GatewayCluster.secondApp());
        cluster.addInstance(JVM, sender);
        await("the second app's message sent", Duration.ofSeconds(30),
                () -> "sent".equals(view(secondId).path("state").asString()));
        assertThat(view(secondId).path("calls").get(0).path("attempts").asInt()).isEqualTo(1);
        assertThat(cluster.inboxOf("m0")).isEqualTo(1);

        // Recalled only through an instance with that app's token: elsewhere a typed refusal that
        // changes nothing (it answered 500 after marking the recall requested).
        GatewayHttp.Response refused = GatewayHttp.post(cluster.instanceUrl(0) + "/api/messages/" + secondId + "/recall",
                GatewayCluster.KEY, "");
        assertThat(refused.status()).as(refused.json().toString()).isEqualTo(400);
        assertThat(refused.json().path("errcode").asInt()).isEqualTo(40056);
        assertThat(refused.json().path("errmsg").asString()).contains(String.valueOf(GatewayCluster.AGENT_2));
        assertThat(view(secondId).path("state").asString()).isEqualTo("sent");
        GatewayHttp.Response recalled = GatewayHttp.post(cluster.instanceUrl(both) + "/api/messages/" + secondId
                + "/recall", GatewayCluster.KEY, "");
        assertThat(recalled.status()).as(recalled.json().toString()).isEqualTo(200);
        assertThat(recalled.json().path("state").asString()).isEqualTo("recalled");
    }

    private static JsonNode view(String id) {
        return GatewayHttp.get(cluster.url() + "/api/messages/" + id, GatewayCluster.KEY).json();
    }
}
