package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.wecom4j.gateway.callback.push.PushFixture.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Server-side request forgery: a subscription cannot point the gateway at an internal address
 * (the cloud metadata service, private networks, loopback, ...) unless the operator listed it in
 * gateway.callbacks.push.allowed-hosts (the tests list 127.0.0.1 only); the address is checked
 * again at every push, on the very lookup the connection uses (DNS rebinding), and the error a
 * caller sees stays coarse. Host names the test makes up are answered by {@link ScriptedDns}.
 */
@Import(ConsumerAddressTest.Dns.class)
class ConsumerAddressTest extends PushGatewayTest {

    @TestConfiguration
    static class Dns {
        @Bean
        ScriptedDns scriptedDns() {
            return new ScriptedDns();
        }
    }

    @Autowired
    PushProperties props;
    @Autowired
    ScriptedDns dns;

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
            assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "wangwu", "enter_agent", PushFixture.uniqueKey()).delivered())
                    .isTrue();
            awaitTrue(() -> fixture.health(id).path("last_error").asString("").equals("address not allowed"),
                    "the push refused at push time");
            assertThat(consumer.requests()).isZero();
            assertThat(fixture.health(id).path("queued").asLong()).as("retried later, not lost").isEqualTo(1);
        } finally {
            props.setAllowedHosts(allowed);
        }
    }

    /**
     * A rebinding DNS server answers the check with the listed address and the connection with an
     * internal one. Checking with one lookup and connecting with another would reach the internal
     * service; the push connects only to what its own lookup returned and what was checked there.
     */
    @Test
    void aNameReboundToAnInternalAddressIsNeverConnectedTo() throws Exception {
        try (TestConsumer consumer = new TestConsumer(PushFixture.SECRET);
             CountingServer internal = new CountingServer("127.0.0.2", consumer.port())) {
            String host = "rebind-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
            dns.cycle(host, "127.0.0.1", "127.0.0.2");
            String id = fixture.subscribe("rebind-" + UUID.randomUUID().toString().substring(0, 6),
                    "http://" + host + ":" + consumer.port() + "/wecom-events", "[\"enter_agent\"]");
            assertThat(dns.lookups(host)).as("the subscription's check took the first answer").isEqualTo(1);

            assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "wangwu", "enter_agent", PushFixture.uniqueKey())
                    .delivered()).isTrue();
            awaitTrue(() -> fixture.health(id).path("last_error").asString("").equals("address not allowed"),
                    "the push's own lookup got the internal address and was refused");
            assertThat(dns.lookups(host)).isEqualTo(2);
            assertThat(fixture.health(id).path("queued").asLong()).as("retried later, not lost").isEqualTo(1);

            emulator.clock().advance(props.getMaxBackoff().plusSeconds(1));
            awaitTrue(() -> consumer.received().size() == 1 || internal.connections() > 0, "the retry");
            assertThat(internal.connections()).as("nothing ever reached the internal address").isZero();
            assertThat(consumer.received()).as("the retry's lookup got the listed address: delivered").hasSize(1);
            assertThat(dns.lookups(host)).isEqualTo(3);

            // The next push goes over the kept connection, to the address checked when it was opened.
            assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "wangwu", "enter_agent", PushFixture.uniqueKey())
                    .delivered()).isTrue();
            awaitTrue(() -> consumer.received().size() == 2, "the second push delivered");
            assertThat(dns.lookups(host)).as("no new connection, no new lookup").isEqualTo(3);
            assertThat(internal.connections()).isZero();
            assertThat(consumer.badSignatures()).isZero();
        }
    }

    @Test
    void aNameWithOneInternalAddressAmongListedOnesIsRefusedWhole() throws Exception {
        String host = "mixed-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        dns.cycle(host, "127.0.0.1,127.0.0.2");
        HttpResponse<String> r = fixture.call("POST", "/api/subscriptions", PushFixture.body("mixed",
                "http://" + host + ":9/x", "[\"*\"]", PushFixture.SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(PushFixture.JSON.readTree(r.body()).path("errmsg").asString()).contains("internal address");
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

    /** An internal service: a listening socket that counts the connections made to it. */
    static final class CountingServer implements AutoCloseable {
        private final ServerSocket server;
        private final AtomicInteger connections = new AtomicInteger();

        CountingServer(String address, int port) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket ignored = server.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "internal-service");
            t.setDaemon(true);
            t.start();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static java.net.InetAddress address(String literal) {
        try {
            return java.net.InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
