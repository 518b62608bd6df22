package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.gateway.web.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** A gateway in emulated mode on a random port, with a {@link PushFixture} per test (one shared Spring context). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
abstract class PushGatewayTest {

    @LocalServerPort
    int port;
    @Autowired
    WeComEmulator emulator;
    @Autowired
    ApiKeys apiKeys;

    PushFixture fixture;

    @BeforeEach
    void pointTheAppAtTheGateway() {
        fixture = new PushFixture(port, emulator, apiKeys);
    }

    @AfterEach
    void deleteSubscriptions() throws Exception {
        fixture.deleteSubscriptions();
    }
}
