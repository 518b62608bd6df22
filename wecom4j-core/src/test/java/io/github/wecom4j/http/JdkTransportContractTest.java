package io.github.wecom4j.http;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;

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
}
