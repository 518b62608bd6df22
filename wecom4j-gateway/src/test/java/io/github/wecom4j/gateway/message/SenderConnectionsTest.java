package io.github.wecom4j.gateway.message;

import io.github.wecom4j.gateway.GatewayApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The outbox's senders never wait for a pooled connection to WeCom: a pool too small fails start-up. */
class SenderConnectionsTest {

    @Test
    void theDefaultPoolHoldsTheDefaultSendersAndTheOtherCallers() {
        assertThatCode(() -> SenderConnections.check(64, 16)).doesNotThrowAnyException();
        assertThatCode(() -> SenderConnections.check(24, 16)).doesNotThrowAnyException();
        assertThatCode(() -> SenderConnections.check(null, 500)).as("the JDK client has no cap").doesNotThrowAnyException();
    }

    @Test
    void aPoolTooSmallForTheSendersIsRefusedNamingBothProperties() {
        assertThatThrownBy(() -> SenderConnections.check(23, 16))
                .hasMessageContaining("wecom.transport-max-connections=23")
                .hasMessageContaining("gateway.messages.senders=16")
                .hasMessageContaining("at least 24");
    }

    @Test
    void theGatewayRefusesToStartWithAPoolTooSmallForItsSenders() {
        assertThatThrownBy(() -> SpringApplication.run(GatewayApplication.class, "--server.port=0",
                "--server.address=127.0.0.1", "--wecom.transport-max-connections=16",
                "--spring.datasource.url=jdbc:h2:mem:senders-" + System.nanoTime() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE")
                .close())
                .rootCause()
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("wecom.transport-max-connections=16 is too small for gateway.messages.senders=16");
    }
}
