package io.github.wecom4j.httpclient5;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import io.github.wecom4j.http.HttpTransport.Request;
import io.github.wecom4j.http.WeComHosts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS is verified by the JDK as for any https client: a certificate the trust set-up accepts but
 * issued for another host name is refused (the endpoint identification algorithm {@code HTTPS}),
 * and a certificate the platform's trust store does not know is refused. Certificates are made at
 * test time with the JDK's {@code keytool}: one for {@code localhost}/127.0.0.1, one for
 * {@code other.example}. The client's trust set-up knows both, so only the host name can fail.
 */
class TlsVerificationTest {

    private static final char[] PASSWORD = "changeit".toCharArray();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path dir;
    private static KeyStore localhost;
    private static KeyStore other;
    private static SSLContext trustingBoth;
    private static HttpsServer localhostServer;
    private static HttpsServer otherServer;
    private static final List<List<SNIServerName>> SNI_SEEN = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void certificatesAndServers() throws Exception {
        localhost = keyPair("localhost", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
        other = keyPair("other", "CN=other.example", "SAN=dns:other.example");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("localhost", localhost.getCertificate("localhost"));
        trust.setCertificateEntry("other", other.getCertificate("other"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trustingBoth = SSLContext.getInstance("TLS");
        trustingBoth.init(null, tmf.getTrustManagers(), null);
        localhostServer = server(localhost);
        otherServer = server(other);
    }

    @AfterAll
    static void stop() {
        localhostServer.stop(0);
        otherServer.stop(0);
    }

    private static URI at(HttpsServer server, String host) {
        return URI.create("https://" + host + ":" + server.getAddress().getPort() + "/cgi-bin/gettoken");
    }

    @Test
    void aTrustedCertificateForTheHostIsAccepted() throws Exception {
        try (ApacheHttpTransport transport = new ApacheHttpTransport(Duration.ofSeconds(2), 4, () -> trustingBoth)) {
            assertThat(transport.send(Request.get(at(localhostServer, "127.0.0.1"), TIMEOUT)).status()).isEqualTo(200);
            assertThat(transport.send(Request.get(at(localhostServer, "localhost"), TIMEOUT)).status()).isEqualTo(200);
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefused() throws Exception {
        try (ApacheHttpTransport transport = new ApacheHttpTransport(Duration.ofSeconds(2), 4, () -> trustingBoth)) {
            for (String host : List.of("localhost", "127.0.0.1")) {
                assertThatThrownBy(() -> transport.send(Request.get(at(otherServer, host), TIMEOUT)))
                        .isInstanceOf(SSLHandshakeException.class)
                        .hasStackTraceContaining("No subject alternative");
            }
        }
    }

    /** The public constructors use the platform's trust store, which knows no self-signed test certificate. */
    @Test
    void aCertificateThePlatformDoesNotTrustIsRefused() throws Exception {
        URI uri = at(localhostServer, "localhost");
        try (ApacheHttpTransport transport = new ApacheHttpTransport(WeComHosts.allAt(uri.resolve("/")), Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> transport.send(Request.get(uri, TIMEOUT)))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void theHostNameIsSentAsSniButAnAddressIsNot() throws Exception {
        try (ApacheHttpTransport transport = new ApacheHttpTransport(Duration.ofSeconds(2), 4, () -> trustingBoth)) {
            SNI_SEEN.clear();
            transport.send(Request.get(at(localhostServer, "localhost"), TIMEOUT));
            transport.send(Request.get(at(localhostServer, "127.0.0.1"), TIMEOUT));
            assertThat(SNI_SEEN).containsExactly(List.of(new SNIHostName("localhost")), List.of());
        }
    }

    /** TLS is set up on the first https connection only, once: plain-http calls never load it. */
    @Test
    void theTlsContextIsCreatedLazilyOnce() throws Exception {
        AtomicInteger created = new AtomicInteger();
        Supplier<SSLContext> counting = () -> {
            created.incrementAndGet();
            return trustingBoth;
        };
        try (ScriptedServer plain = new ScriptedServer((req, socket, out) -> ScriptedServer.answer(out, 200, "{}", ""));
             ApacheHttpTransport transport = new ApacheHttpTransport(Duration.ofSeconds(2), 4, counting)) {
            transport.send(Request.get(plain.uri("/x"), TIMEOUT));
            assertThat(created).hasValue(0);
            transport.send(Request.get(at(localhostServer, "localhost"), TIMEOUT));
            transport.send(Request.get(at(localhostServer, "127.0.0.1"), TIMEOUT)); // another route, same context
            assertThat(created).hasValue(1);
        }
    }

    /** A client built for plain-http hosts refuses TLS instead of trusting anything (HttpOnlyTls's rule). */
    @Test
    void aClientForPlainHttpHostsRefusesTls() throws Exception {
        try (ApacheHttpTransport transport = new ApacheHttpTransport(
                WeComHosts.allAt(URI.create("http://127.0.0.1:1")), Duration.ofSeconds(2))) {
            assertThatThrownBy(() -> transport.send(Request.get(at(localhostServer, "localhost"), TIMEOUT)))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("plain-http hosts only");
        }
    }

    private static KeyStore keyPair(String alias, String dname, String san) throws Exception {
        Path file = dir.resolve(alias + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", san, "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(file)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static HttpsServer server(KeyStore keys) throws Exception {
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        server.createContext("/", exchange -> {
            if (((HttpsExchange) exchange).getSSLSession() instanceof ExtendedSSLSession s) {
                SNI_SEEN.add(s.getRequestedServerNames());
            }
            byte[] body = "{\"errcode\":0}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            } catch (IOException ignored) {
                // The client went away.
            }
        });
        server.start();
        return server;
    }
}
