package io.github.wecom4j.emulator.jssdk;

import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.TrustedDomain;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The WeCom client's check of one page configuration: {@code wx.config} / {@code preVerifyJSAPI}
 * (corp identity, enterprise jsapi_ticket) or {@code wx.agentConfig} (app identity, the app's
 * agent_config ticket). One implementation for both front ends the emulator offers, the
 * {@code jweixin.js} stand-in and the {@code WeixinJSBridge} of {@code bridge.js}.
 *
 * <p>The checks, in order (doc 90506 / 94313 and WeCom's JS-SDK error texts): corp id
 * ({@code invalid corpId}, 40013), agentid ({@code invalid agentid}, 40056), page domain among the
 * app's trusted domains ({@code invalid url domain}, 80001), then the signature recomputed from
 * the ticket this emulator issued and the page's real URL without its fragment
 * ({@code invalid signature}, 40093). For a corp config any app's live jsapi_ticket of the corp
 * counts; for an agent config only that app's live agent_config ticket.
 *
 * <p>The signature is computed here independently of wecom4j-core, the way the doc phrases it:
 * sort the four parameters by key (ASCII), join {@code key=value} with {@code &}, SHA-1, hex.
 */
public final class ConfigCheck {

    /**
     * What a page presented.
     *
     * @param kind      {@link JsApiTicketAuthority.Kind#JSAPI} for a corp config, {@code AGENT_CONFIG} for agentConfig
     * @param pageHref  the page's real {@code location.href} (its fragment is ignored, as WeCom does)
     * @param corpId    {@code appId} of wx.config / {@code verifyAppId} of preVerifyJSAPI / {@code corpid} of agentConfig
     * @param agentId   {@code agentid} of agentConfig (ignored for a corp config)
     */
    public record Attempt(JsApiTicketAuthority.Kind kind, String pageHref, String corpId, String agentId,
                          String timestamp, String nonceStr, String signature) {
    }

    /** The outcome: WeCom's reason after the colon ({@code ok}, {@code invalid signature}, ...) and its errcode. */
    public record Verdict(String reason, int errcode) {
        static final Verdict OK = new Verdict("ok", 0);

        public boolean ok() {
            return errcode == 0;
        }

        /** WeCom's message for a front-end call, e.g. {@code errMsg("config")} = {@code "config:invalid signature"}. */
        public String errMsg(String api) {
            return api + ":" + reason;
        }
    }

    private final Supplier<EmulatedCorp> corp;
    private final JsApiTicketAuthority tickets;

    public ConfigCheck(Supplier<EmulatedCorp> corp, JsApiTicketAuthority tickets) {
        this.corp = corp;
        this.tickets = tickets;
    }

    public Verdict check(Attempt a) {
        EmulatedCorp c = corp.get();
        boolean agent = a.kind() == JsApiTicketAuthority.Kind.AGENT_CONFIG;
        if (!c.corpId().equals(a.corpId())) {
            return new Verdict("invalid corpId", 40013);
        }
        Optional<EmulatedApp> app = Optional.empty();
        if (agent) {
            app = parseAgentId(a.agentId()).flatMap(c::app);
            if (app.isEmpty()) {
                return new Verdict("invalid agentid", 40056);
            }
        }
        String page = withoutFragment(a.pageHref() == null ? "" : a.pageHref());
        List<EmulatedApp> domainOwners = app.map(List::of).orElse(c.apps());
        if (domainOwners.stream().noneMatch(o -> onTrustedDomain(page, o.trustedDomain()))) {
            return new Verdict("invalid url domain", 80001);
        }
        if (a.timestamp() == null || a.nonceStr() == null || a.signature() == null) {
            return new Verdict("invalid signature", 40093);
        }
        List<JsApiTicketAuthority.IssuedTicket> live = agent
                ? tickets.valid(c.corpId(), app.get().agentId(), a.kind()).map(List::of).orElse(List.of())
                : tickets.validInCorp(c.corpId(), a.kind());
        for (JsApiTicketAuthority.IssuedTicket t : live) {
            if (signature(t.value(), a.nonceStr(), a.timestamp(), page).equals(a.signature())) {
                return Verdict.OK;
            }
        }
        return new Verdict("invalid signature", 40093);
    }

    /** WeCom's algorithm as doc 90506 states it, written independently of the SDK. */
    public static String signature(String ticket, String noncestr, String timestamp, String url) {
        TreeMap<String, String> params = new TreeMap<>();
        params.put("noncestr", noncestr);
        params.put("timestamp", timestamp);
        params.put("url", url);
        params.put("jsapi_ticket", ticket);
        StringJoiner string1 = new StringJoiner("&");
        params.forEach((k, v) -> string1.add(k + "=" + v));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(string1.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder(40);
            for (byte b : digest) {
                hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The URL WeCom signs: {@code location.href} without {@code #} and what follows. */
    static String withoutFragment(String href) {
        int i = href.indexOf('#');
        return i < 0 ? href : href.substring(0, i);
    }

    private static boolean onTrustedDomain(String page, String trustedDomain) {
        try {
            return TrustedDomain.matches(trustedDomain, new URI(page));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<Integer> parseAgentId(String s) {
        try {
            return s == null ? Optional.empty() : Optional.of(Integer.parseInt(s.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
