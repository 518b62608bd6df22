package io.github.wecom4j.gateway.callback.push;

import org.springframework.test.context.TestPropertySource;

/** {@link DeliveryOrderContract} on H2 (compare-and-set claims), with the push workers off so only the test claims. */
@TestPropertySource(properties = "gateway.callbacks.push.workers-enabled=false")
class DeliveryOrderOnH2Test extends DeliveryOrderContract {
}
