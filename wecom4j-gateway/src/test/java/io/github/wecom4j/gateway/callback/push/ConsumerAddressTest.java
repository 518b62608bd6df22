package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.github.wecom4j.gateway.callback.push.PushFixture.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-side request forgery: a subscription cannot point the gateway at an internal address
 * (the cloud metadata service, private networks, loopback, ...) unless the operator listed it in
 * gateway.callbacks.push.allowed-hosts (the tests list 127.0.0.1 only); the address is checked
 * again at every push, and the error a caller sees stays coarse.
 */
class ConsumerAddressTest extends PushGatewayTest {

    @Autowired
    PushProperties props;

    @Test
    void internalAddressesAreRefusedUnlessAllowed() throws Exception {
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.1.2.3/x", "http://172.16.5.5/x",
                "http://192.168.0.10:8080/x", "http://100.64.0.1/x", "http://0.0.0.0:9/x", "http://127.0.0.2:9/x",
                "http://[::1]:9/x", "http://[fd00::1]/x", "http://[fe80::1]/x", "http://224.0.0.1/x",
                "http://[::ffff:169.254.169.254]/x", "http://[64:ff9b::a9fe:a9fe]/x")) {
            HttpResponse<String> r = fixture.call("POST", "/api/subscriptions", PushFixture.body("ssrf", url, "[\"*\"]",
                    PushFixture.SECRET));
            assertThat(r.statusCode()).as(url).isEqualTo(400);
            JsonNode e = PushFixture.JSON.readTree(r.body());
            assertThat(e.path("errcode").asInt()).as(url).isEqualTo(40035);
            assertThat(e.path("errmsg").asString()).as(url).contains("internal address");
            assertThat(e.path("hint").asString()).as(url).contains("allowed-hosts");
        }
        HttpResponse<String> listed = fixture.call("POST", "/api/subscriptions", PushFixture.body("listed-"
                + UUID.randomUUID().toString().substring(0, 6), "http://127.0.0.1:9/x", "[\"*\"]", PushFixture.SECRET));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(201);
        fixture.created(PushFixture.JSON.readTree(listed.body()).path("id").asString());
    }

    @Test
    void anAddressNoLongerAllowedIsCheckedAgainAtPushTimeAndNothingIsSent() throws Exception {
        List<String> allowed = new ArrayList<>(props.getAllowedHosts());
        try (TestConsumer consumer = new TestConsumer(PushFixture.SECRET)) {
            String id = fixture.subscribe("recheck-" + UUID.randomUUID().toString().substring(0, 6), consumer.url(),
                    "[\"enter_agent\"]");
            // what DNS rebinding does to a name: the address it resolves to is no longer an allowed one
            props.setAllowedHosts(new ArrayList<>());
            assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "wangwu", "enter_agent", "").delivered())
                    .isTrue();
            awaitTrue(() -> fixture.health(id).path("last_error").asString("").equals("address not allowed"),
                    "the push refused at push time");
            assertThat(consumer.requests()).isZero();
            assertThat(fixture.health(id).path("queued").asLong()).as("retried later, not lost").isEqualTo(1);
        } finally {
            props.setAllowedHosts(allowed);
        }
    }

    @Test
    void malformedAllowlistEntriesAreNamed() {
        for (String bad : List.of("10.0.0.0/33", "bad host!", "example.com/8")) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new ConsumerAddresses(List.of(bad))))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad);
        }
        ConsumerAddresses cidr = new ConsumerAddresses(List.of("10.20.0.0/16", "fd00::/8"));
        assertThat(cidr.allowed(address("10.20.3.4"))).isTrue();
        assertThat(cidr.allowed(address("10.21.3.4"))).isFalse();
        assertThat(cidr.allowed(address("fd12::1"))).isTrue();
        assertThat(cidr.allowed(address("8.8.8.8"))).as("public addresses need no listing").isTrue();
    }

    private static java.net.InetAddress address(String literal) {
        try {
            return java.net.InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
