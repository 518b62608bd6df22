package io.github.wecom4j.gateway.message;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The outbox contract on the embedded database (compare-and-set claims). */
@SpringBootTest(properties = "gateway.messages.senders-enabled=false")
@ActiveProfiles("test")
class OutboxOnH2Test extends OutboxConcurrencyContract {
}
