package io.github.wecom4j.http;

import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The default transport, the JDK's HTTP client, against the transport contract. */
class JdkTransportContractTest extends TransportContract {

    @Override
    protected HttpTransport.Factory transport() {
        return JdkHttpTransport::new;
    }

    @Test
    void theClientNamesItsTransport() {
        try (io.github.wecom4j.WeComClient client = io.github.wecom4j.WeComClient.create(
                io.github.wecom4j.WeComConfig.builder("ww1").contactsSecret("s").build())) {
            assertThat(client.transportName()).as("the default").isEqualTo("jdk");
        }
    }

    @Test
    void plainHttpHostsNeverLoadTheDefaultTlsAndHttpsHostsDo() throws Exception {
        JdkHttpTransport plain = new JdkHttpTransport(WeComHosts.allAt(URI.create("http://127.0.0.1:1")), Duration.ofSeconds(1));
        assertThat(plain.sslContext()).isNotSameAs(javax.net.ssl.SSLContext.getDefault());
        assertThatThrownBy(() -> plain.sslContext().getSocketFactory()).isInstanceOf(IllegalStateException.class);

        WeComHosts mixed = new WeComHosts(URI.create("http://127.0.0.1:1"), URI.create("https://open.weixin.qq.com"),
                URI.create("http://127.0.0.1:1"));
        assertThat(new JdkHttpTransport(mixed, Duration.ofSeconds(1)).sslContext()).isSameAs(javax.net.ssl.SSLContext.getDefault());
        assertThat(new JdkHttpTransport(WeComHosts.PRODUCTION, Duration.ofSeconds(1)).sslContext())
                .isSameAs(javax.net.ssl.SSLContext.getDefault());
    }

    @Test
    void theClientsOwnTasksRunInlineNotOnAWorkerPool() {
        JdkHttpTransport transport = new JdkHttpTransport(WeComHosts.allAt(URI.create("http://127.0.0.1:1")), Duration.ofSeconds(1));
        // Without an executor of ours the JDK hands every response to a cached pool of its own.
        Executor executor = transport.client().executor().orElseThrow();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        executor.execute(() -> ranOn.set(Thread.currentThread()));
        assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    }

    @Test
    void closeClosesWhatTheRuntimeCanCloseButNeverAClientItWasGiven() {
        CloseableClient given = new CloseableClient();
        new JdkHttpTransport(given).close();
        assertThat(given.closed).isFalse();

        JdkHttpTransport.closeIfCloseable(given);
        assertThat(given.closed).isTrue();
    }

    /** A JDK client as JDK 21 makes it: {@link AutoCloseable} (on 17 the interface is what tells). */
    private static final class CloseableClient extends HttpClient implements AutoCloseable {
        private final HttpClient delegate = HttpClient.newHttpClient();
        private volatile boolean closed;

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public Optional<CookieHandler> cookieHandler() {
            return delegate.cookieHandler();
        }

        @Override
        public Optional<Duration> connectTimeout() {
            return delegate.connectTimeout();
        }

        @Override
        public Redirect followRedirects() {
            return delegate.followRedirects();
        }

        @Override
        public Optional<ProxySelector> proxy() {
            return delegate.proxy();
        }

        @Override
        public SSLContext sslContext() {
            return delegate.sslContext();
        }

        @Override
        public SSLParameters sslParameters() {
            return delegate.sslParameters();
        }

        @Override
        public Optional<Authenticator> authenticator() {
            return delegate.authenticator();
        }

        @Override
        public Version version() {
            return delegate.version();
        }

        @Override
        public Optional<Executor> executor() {
            return delegate.executor();
        }

        @Override
        public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
                throws IOException, InterruptedException {
            return delegate.send(request, handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
            return delegate.sendAsync(request, handler);
        }

        @Override
        public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                                                HttpResponse.PushPromiseHandler<T> push) {
            return delegate.sendAsync(request, handler, push);
        }
    }
}
