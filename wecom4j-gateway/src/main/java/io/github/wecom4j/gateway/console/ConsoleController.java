package io.github.wecom4j.gateway.console;

import io.github.wecom4j.WeComApp;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.gateway.wecom.GatewayMode;
import io.github.wecom4j.http.TransportMetrics;
import io.github.wecom4j.jssdk.ConfigKind;
import io.github.wecom4j.token.TokenState;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Data for the console page: the corp, its apps, and the state of each token and JS-SDK ticket.
 * Never a token, ticket or secret: only whether one is cached, when it expires, how often it was
 * fetched.
 */
@RestController
class ConsoleController {

    private final WeComClient wecom;
    private final GatewayMode mode;

    ConsoleController(WeComClient wecom, GatewayMode mode) {
        this.wecom = wecom;
        this.mode = mode;
    }

    record AppView(int agentId, String name) {
    }

    record TokenView(String credential, boolean cached, String expiresAt, long remainingSeconds, long fetches,
                     Integer lastErrcode) {
        static TokenView of(TokenState s) {
            return new TokenView(s.label(), s.cached(), s.expiresAt() == null ? null : s.expiresAt().toString(),
                    s.remaining().toSeconds(), s.fetches(), s.lastErrcode());
        }
    }

    record ConsoleState(boolean emulated, String mode, String emulatorUrl, String corpId, List<AppView> apps,
                        List<TokenView> tokens, TransportMetrics.Snapshot transport) {
    }

    @GetMapping("/api/console/state")
    ConsoleState state() {
        List<AppView> apps = wecom.apps().values().stream().map(a -> new AppView(a.agentId(), a.name())).toList();
        // Access tokens, then each app's two JS-SDK tickets: all expire and are rate-limited alike.
        List<TokenView> tokens = java.util.stream.Stream.concat(wecom.tokenStates().values().stream(),
                        wecom.apps().values().stream().flatMap(a -> java.util.Arrays.stream(ConfigKind.values())
                                .map(kind -> a.jssdk().ticketState(kind))))
                .map(TokenView::of).toList();
        return new ConsoleState(mode.emulated(), mode.describe(), mode.emulatorUrl(), wecom.config().corpId(), apps,
                tokens, wecom.transportMetrics());
    }

    /**
     * Fetches each app's token and reads the directory now (the console's "check credentials"
     * button): proves every configured secret works.
     */
    @PostMapping("/api/console/tokens/refresh")
    ConsoleState warmUp() {
        for (WeComApp app : wecom.apps().values()) {
            app.api().accessToken();
        }
        wecom.contacts().departments().list();
        return state();
    }
}
