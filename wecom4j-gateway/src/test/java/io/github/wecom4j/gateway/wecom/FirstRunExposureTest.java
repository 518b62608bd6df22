package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.gateway.web.ApiKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.context.ActiveProfiles;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The first-run gateway is for the person at the machine: it listens on loopback only unless told
 * otherwise, and health details (database, credentials) need an API key in every mode.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class FirstRunExposureTest {

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    ApiKeys apiKeys;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void theFirstRunGatewayListensOnLoopbackOnly() throws Exception {
        assertThat(environment.getProperty("server.address")).isEqualTo(FirstRunLoopback.LOOPBACK);
        try (Socket local = new Socket("127.0.0.1", port)) {
            assertThat(local.isConnected()).isTrue();
        }
        Optional<InetAddress> lan = nonLoopbackAddress();
        if (lan.isPresent()) {
            assertThatThrownBy(() -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(lan.get(), port), 2000);
                }
            }).as("reachable from %s", lan.get()).isInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void loopbackOnlyAppliesToTheFirstRunModeAndYieldsToConfiguration() {
        assertThat(addressFor(Map.of())).isEqualTo("127.0.0.1");
        assertThat(addressFor(Map.of("server.address", "0.0.0.0"))).isEqualTo("0.0.0.0");
        assertThat(addressFor(Map.of("wecom.corp-id", "wwrealcorp"))).isNull();
    }

    @Test
    void healthDetailsOnlyWithAnApiKey() throws Exception {
        HttpResponse<String> anyone = get("/actuator/health", null);
        assertThat(anyone.statusCode()).isEqualTo(200);
        assertThat(anyone.body()).contains("\"status\":\"UP\"").doesNotContain("components").doesNotContain("db");
        assertThat(get("/actuator/health/readiness", null).body()).doesNotContain("components");
        assertThat(get("/actuator/health", "wrong-key").body()).doesNotContain("components");
        HttpResponse<String> operator = get("/actuator/health", apiKeys.demoKey());
        assertThat(operator.body()).contains("components").contains("\"db\"").contains("\"wecom\"");
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (key != null) {
            b.header(ApiKeys.HEADER, key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String addressFor(Map<String, Object> configured) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new MapPropertySource("configured", configured));
        new FirstRunLoopback().postProcessEnvironment(env, new SpringApplication());
        return env.getProperty("server.address");
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
        return NetworkInterface.networkInterfaces().filter(i -> {
            try {
                return i.isUp() && !i.isLoopback();
            } catch (java.net.SocketException e) {
                return false;
            }
        }).flatMap(NetworkInterface::inetAddresses).filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress()).findFirst();
    }
}
