package io.github.wecom4j.gateway.callback.push;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With actuator on its own port, the management server's start must not replace the port the
 * gateway knows as its own: a subscription to 127.0.0.1 with the API's port is still refused
 * (the request reaches us as localhost, so only the local-port check can see it).
 */
@TestPropertySource(properties = "management.server.port=0")
class ManagementPortTest extends PushGatewayTest {

    @Test
    void theGatewaysOwnPortIsStillRefusedWhenActuatorHasItsOwn() throws Exception {
        HttpResponse<String> r = fixture.call("POST", "/api/subscriptions", PushFixture.body("self",
                "http://127.0.0.1:" + port + "/api/callbacks", "[\"*\"]", PushFixture.SECRET));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("points at the gateway itself");
    }
}
