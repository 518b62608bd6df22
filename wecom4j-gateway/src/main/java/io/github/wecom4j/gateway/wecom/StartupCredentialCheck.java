package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComErrorCodes;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.gateway.jssdk.JsSdkProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Real mode, once the gateway is up: fetches each configured credential's token once, through the
 * token cache (so the token is then ready for the first request), and logs one verdict per
 * credential that says what to do: DNS, connect or TLS failure with the host and the cause; 60020
 * with the egress IP WeCom saw, to add to the app's trusted IPs; 40001 wrong secret. Warns about
 * configuration a real deployment needs (console admins, JS-SDK trusted domains). Runs on its own
 * thread, so an unreachable WeCom does not hold up start-up by the transport's retry deadline.
 */
@Component
class StartupCredentialCheck implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(StartupCredentialCheck.class);
    /** WeCom's errmsg names the caller's address: {@code ..., from ip: 203.0.113.7, more info at ...}. */
    private static final Pattern FROM_IP = Pattern.compile("from ip: ?([0-9a-fA-F.:]+)");

    private final WeComClient wecom;
    private final GatewayMode mode;
    private final ObjectProvider<JsSdkProperties> jssdk;
    private final String consoleAdmins;

    StartupCredentialCheck(WeComClient wecom, GatewayMode mode, ObjectProvider<JsSdkProperties> jssdk,
                           @Value("${gateway.console.admins:}") String consoleAdmins) {
        this.wecom = wecom;
        this.mode = mode;
        this.jssdk = jssdk;
        this.consoleAdmins = consoleAdmins;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (mode.emulated()) {
            return;
        }
        warnAboutMissingConfiguration();
        Thread check = new Thread(this::checkCredentials, "wecom4j-credential-check");
        check.setDaemon(true);
        check.start();
    }

    private void warnAboutMissingConfiguration() {
        if (consoleAdmins.isBlank()) {
            log.warn("No console admins (GATEWAY_CONSOLE_ADMINS): nobody can use the console's API; list the userids"
                    + " that may, they log in through WeCom at /login");
        }
        JsSdkProperties js = jssdk.getIfAvailable();
        if (js == null || js.getTrustedDomains().stream().allMatch(d -> d == null || d.isBlank())) {
            log.warn("No JS-SDK trusted domains (WECOM_JSSDK_TRUSTED_DOMAINS): /api/jssdk/* signs no page; set the"
                    + " app's trusted domains (可信域名) to use the JS-SDK");
        }
    }

    /** One gettoken per credential; the verdicts, by credential label, in configuration order. */
    Map<String, String> checkCredentials() {
        Map<String, String> verdicts = new LinkedHashMap<>();
        URI host = wecom.config().hosts().api();
        for (Map.Entry<String, WeComApi> credential : wecom.credentialApis().entrySet()) {
            try {
                credential.getValue().accessToken();
                verdicts.put(credential.getKey(), "OK");
                log.info("WeCom credential {} ({}): OK, gettoken answered", credential.getKey(), wecom.config().corpId());
            } catch (WeComException e) {
                String verdict = verdict(e, host);
                verdicts.put(credential.getKey(), verdict);
                log.error("WeCom credential {} ({}): {}", credential.getKey(), wecom.config().corpId(), verdict);
            } catch (RuntimeException e) {
                String verdict = "check failed: " + e.getClass().getSimpleName();
                verdicts.put(credential.getKey(), verdict);
                log.error("WeCom credential {}: {}", credential.getKey(), verdict);
            }
        }
        return verdicts;
    }

    /** What went wrong, with what to do about it; never the secret or a token. */
    static String verdict(WeComException e, URI host) {
        String where = host.getHost() + (host.getPort() > 0 ? ":" + host.getPort() : "");
        if (e.errcode() == WeComException.TRANSPORT_FAILURE) {
            // The most specific cause anywhere in the chain first: the JDK's client wraps a DNS
            // failure in a ConnectException (sometimes without the UnresolvedAddressException).
            if (has(e, java.net.UnknownHostException.class) || has(e, java.nio.channels.UnresolvedAddressException.class)
                    || (has(e, java.net.ConnectException.class) && !resolvable(host.getHost()))) {
                return "DNS: cannot resolve " + host.getHost() + "; check the host name (wecom.hosts.api) and this"
                        + " machine's DNS";
            }
            Throwable tls = first(e, javax.net.ssl.SSLException.class);
            if (tls != null) {
                return "TLS: the handshake with " + where + " failed (" + tls.getClass().getSimpleName()
                        + (tls.getMessage() == null ? "" : ": " + tls.getMessage()) + "); check a TLS-inspecting proxy,"
                        + " the trust store and this machine's clock";
            }
            if (has(e, java.net.http.HttpConnectTimeoutException.class)) {
                return "connect: no connection to " + where + " in time; check the egress firewall or proxy";
            }
            Throwable connect = first(e, java.net.ConnectException.class);
            if (connect != null) {
                Throwable detail = connect.getCause() != null ? connect.getCause() : connect;
                return "connect: cannot connect to " + where + " (" + detail.getClass().getSimpleName()
                        + (detail.getMessage() == null ? "" : ": " + detail.getMessage()) + "); check the egress firewall or proxy";
            }
            if (has(e, java.net.http.HttpTimeoutException.class)) {
                return "timeout: " + where + " did not answer in time; check the network path to WeCom";
            }
            return "network: " + e.errmsg() + " (" + where + ")";
        }
        return switch (e.errcode()) {
            case 60020 -> {
                Matcher ip = FROM_IP.matcher(e.errmsg());
                yield "60020: WeCom refuses calls from this gateway's IP" + (ip.find() ? " " + ip.group(1) : "")
                        + "; add it to the app's trusted IPs (企业可信IP) in the admin console";
            }
            case 40001, 40091 -> e.errcode() + ": wrong secret; copy the app's Secret again from the admin console"
                    + " (应用管理 > the app > Secret)";
            case 40013 -> "40013: wrong corp id (WECOM_CORP_ID); copy it from 我的企业 > 企业信息";
            default -> e.errcode() + ": " + WeComErrorCodes.hint(e.errcode());
        };
    }

    private static boolean has(Throwable e, Class<? extends Throwable> type) {
        return first(e, type) != null;
    }

    private static Throwable first(Throwable e, Class<? extends Throwable> type) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }

    private static boolean resolvable(String host) {
        try {
            java.net.InetAddress.getByName(host);
            return true;
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }
}
