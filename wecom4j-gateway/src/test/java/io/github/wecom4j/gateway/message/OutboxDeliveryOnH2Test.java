package io.github.wecom4j.gateway.message;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The delivery cases on the embedded database (compare-and-set claims). */
@SpringBootTest(properties = {
        "gateway.messages.senders-enabled=false",
        "gateway.messages.lease=1s",
        "gateway.messages.claim-batch=4",
        "gateway.messages.budget-margin=500ms",
        "wecom.timeouts.request=30s"})
@ActiveProfiles("test")
class OutboxDeliveryOnH2Test extends OutboxDeliveryContract {
}
