package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.EmulatedApp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * First-run mode: the demo apps trust exactly the host and port the gateway is opened on. WeCom
 * matches a trusted domain exactly, port included (doc 91022), so the demo's "localhost:8080"
 * would refuse a gateway started on another port; this sets it once the port is known. Behind a
 * proxy ({@code wecom.login.public-url}) the public host and port are the ones people open;
 * otherwise {@code wecom.emulator.trusted-host} (default localhost) and the server's port. Apps
 * with callback settings get this gateway's callback URL as their "receive messages" address.
 */
class DemoTrustedDomain implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DemoTrustedDomain.class);

    private final WeComEmulator emulator;
    private final String host;
    private final String publicUrl;

    DemoTrustedDomain(WeComEmulator emulator, String host, String publicUrl) {
        this.emulator = emulator;
        this.host = host;
        this.publicUrl = publicUrl == null ? "" : publicUrl.trim();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // a management port, not the one people open
        }
        String domain = host + ":" + event.getWebServer().getPort();
        if (!publicUrl.isEmpty()) {
            java.net.URI u = java.net.URI.create(publicUrl);
            domain = u.getPort() == -1 ? u.getHost() : u.getHost() + ":" + u.getPort();
        }
        String scheme = publicUrl.isEmpty() ? "http" : java.net.URI.create(publicUrl).getScheme();
        for (EmulatedApp app : emulator.corp().apps()) {
            emulator.trustedDomain(app.agentId(), domain);
            if (app.callbackToken() != null && app.encodingAesKey() != null) {
                // The demo app's "receive messages" URL is this gateway, so pushes from the
                // emulator's control API and people pages arrive here without further set-up.
                emulator.callbacks().callbackUrl(app.agentId(), scheme + "://" + domain + "/wecom/callback/" + app.agentId());
            }
        }
        log.info("Demo apps trust {} (WeCom matches the trusted domain exactly, port included)", domain);
    }
}
