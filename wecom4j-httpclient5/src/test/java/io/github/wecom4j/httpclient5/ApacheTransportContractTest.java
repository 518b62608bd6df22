package io.github.wecom4j.httpclient5;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.http.HttpTransport;
import io.github.wecom4j.http.TransportContract;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** wecom4j-httpclient5 (HttpCore 5) against the same transport contract as the JDK client. */
class ApacheTransportContractTest extends TransportContract {

    @Override
    protected HttpTransport.Factory transport() {
        return ApacheHttpTransport::new;
    }

    /** More callers than pooled connections wait for one instead of failing. */
    @Test
    void callsBeyondThePoolSizeQueueAndAllSucceed(WeComEmulator emulator) throws Exception {
        try (WeComClient client = WeComClient.create(TestClients.demoConfig(emulator)
                .transport(ApacheHttpTransport.withMaxConnections(2)).build())) {
            client.contacts().departments().list();
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    answers.add(pool.submit(() -> client.contacts().departments().list().size()));
                }
                for (Future<Integer> a : answers) {
                    assertThat(a.get()).isPositive();
                }
            } finally {
                pool.shutdownNow();
            }
        }
        assertThat(emulator.counters().calls("/cgi-bin/department/list")).isEqualTo(65);
    }

    @Test
    void theClientNamesItsTransportAndThePoolSize(WeComEmulator emulator) {
        try (WeComClient client = WeComClient.create(TestClients.demoConfig(emulator)
                .transport(ApacheHttpTransport::new).build())) {
            assertThat(client.transportName()).isEqualTo("httpclient5");
        }
        try (ApacheHttpTransport transport = (ApacheHttpTransport) ApacheHttpTransport.withMaxConnections(3)
                .create(io.github.wecom4j.http.WeComHosts.PRODUCTION, java.time.Duration.ofSeconds(1))) {
            assertThat(transport.maxConnections()).isEqualTo(3);
        }
        try (ApacheHttpTransport transport = new ApacheHttpTransport(io.github.wecom4j.http.WeComHosts.PRODUCTION,
                java.time.Duration.ofSeconds(1))) {
            assertThat(transport.maxConnections()).isEqualTo(ApacheHttpTransport.DEFAULT_MAX_CONNECTIONS);
        }
    }

    @Test
    void aPoolWithoutConnectionsIsRefused() {
        assertThatThrownBy(() -> ApacheHttpTransport.withMaxConnections(0).create(
                io.github.wecom4j.http.WeComHosts.PRODUCTION, java.time.Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
