package io.github.wecom4j.gateway.callback.push;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.github.wecom4j.emulator.corp.DemoCorp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static io.github.wecom4j.gateway.callback.push.PushFixture.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pushes over https verify the consumer's certificate against the platform's trust store: a
 * consumer presenting a certificate nobody vouches for (self-signed, made here with the JDK's
 * keytool) never receives the signed callback, and the push waits for its retry.
 */
class PushTlsTest extends PushGatewayTest {

    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    Path dir;

    @Test
    void aConsumerWithACertificateThePlatformDoesNotTrustReceivesNothing() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        try {
            String id = fixture.subscribe("tls-" + UUID.randomUUID().toString().substring(0, 6),
                    "https://127.0.0.1:" + server.getAddress().getPort() + "/wecom-events", "[\"enter_agent\"]");
            assertThat(emulator.callbacks().pushEvent(DemoCorp.APPROVALS_AGENT_ID, "zhaoliu", "enter_agent", PushFixture.uniqueKey())
                    .delivered()).isTrue();
            awaitTrue(() -> fixture.health(id).path("last_error").asString("").equals("the connection failed"),
                    "the handshake refused");
            assertThat(requests.get()).as("the callback never reached an untrusted server").isZero();
            assertThat(fixture.health(id).path("queued").asLong()).as("retried later, not lost").isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    private SSLContext selfSigned() throws Exception {
        Path file = dir.resolve("consumer.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "consumer", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }
}
