package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * First-run mode: the demo apps trust exactly the host and port the gateway is opened on. WeCom
 * matches a trusted domain exactly, port included (doc 91022), so the demo's "localhost:8080"
 * would refuse a gateway started on another port; this sets it once the port is known.
 * {@code wecom.emulator.trusted-host} changes the host (default localhost).
 */
class DemoTrustedDomain implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DemoTrustedDomain.class);

    private final WeComEmulator emulator;
    private final String host;

    DemoTrustedDomain(WeComEmulator emulator, @Value("${wecom.emulator.trusted-host:localhost}") String host) {
        this.emulator = emulator;
        this.host = host;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // a management port, not the one people open
        }
        String domain = host + ":" + event.getWebServer().getPort();
        for (EmulatedApp app : emulator.corp().apps()) {
            emulator.trustedDomain(app.agentId(), domain);
        }
        log.info("Demo apps trust {} (WeCom matches the trusted domain exactly, port included)", domain);
    }
}
