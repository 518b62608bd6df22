package io.github.wecom4j.jssdk;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import io.github.wecom4j.http.Redaction;
import io.github.wecom4j.token.AccessToken;
import io.github.wecom4j.token.TokenPolicy;
import io.github.wecom4j.token.TokenState;
import io.github.wecom4j.token.TokenStore;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The JS-SDK of one app (doc 90506 / 94313): signed payloads for {@code wx.config} and
 * {@code wx.agentConfig}, and a diagnosis when a page's signature fails.
 *
 * <pre>{@code
 * JsSdk jssdk = wecom.app(1000002).jssdk();
 * WxConfig cfg = jssdk.config(pageUrl);            // JSON -> wx.config({...cfg, beta: true, jsApiList})
 * WxAgentConfig agent = jssdk.agentConfig(pageUrl); // JSON -> wx.agentConfig({...agent, jsApiList, success, fail})
 * }</pre>
 *
 * <p>Both tickets are cached (see {@link JsApiTickets}), so a payload costs one SHA-1 and a nonce:
 * cheap enough for every page load. Thread-safe.
 */
public final class JsSdk {

    private final String corpId;
    private final int agentId;
    private final JsApiTickets tickets;
    private final Clock clock;
    private final Nonces nonces = new Nonces();

    /**
     * @param api           the app's API (its access token, with retry on token errors)
     * @param credentialKey cache key of the app's credential, so tickets sit beside its token
     * @param appLabel      how the app is named in ticket states, e.g. "app 1000002 (approvals)"
     */
    public JsSdk(String corpId, int agentId, WeComApi api, String credentialKey, String appLabel, TokenStore store,
                 Clock clock, TokenPolicy policy) {
        this.corpId = Objects.requireNonNull(corpId);
        this.agentId = agentId;
        this.clock = Objects.requireNonNull(clock);
        this.tickets = new JsApiTickets(api, credentialKey, appLabel, store, clock, policy);
    }

    /** A signed {@code wx.config} payload for the page at {@code url} (its fragment is ignored). */
    public WxConfig config(String url) {
        String page = requirePageUrl(url);
        long timestamp = Math.floorDiv(clock.millis(), 1000); // millis(): no Instant per page load
        String nonce = nonces.next();
        String signature = JsSdkSignature.sign(tickets.ticket(ConfigKind.CONFIG), nonce, timestamp, page);
        return new WxConfig(corpId, timestamp, nonce, signature);
    }

    /** A signed {@code wx.agentConfig} payload for the page at {@code url}, with this app's agentid. */
    public WxAgentConfig agentConfig(String url) {
        String page = requirePageUrl(url);
        long timestamp = Math.floorDiv(clock.millis(), 1000); // millis(): no Instant per page load
        String nonce = nonces.next();
        String signature = JsSdkSignature.sign(tickets.ticket(ConfigKind.AGENT_CONFIG), nonce, timestamp, page);
        return new WxAgentConfig(corpId, agentId, timestamp, nonce, signature);
    }

    /**
     * Why {@code page}'s signature fails: re-signs it with every ticket this app has used and every
     * likely URL and names the mistake (see {@link SignatureDiagnosis.Cause}). Costs a few hundred
     * SHA-1s; meant for error reports, not for every page load.
     */
    public SignatureDiagnosis diagnose(PageSignature page) {
        validate(page);
        return SignatureDiagnostician.diagnose(page, knownTickets(page.kind()));
    }

    /**
     * Why the page's JS-SDK reported {@code errMsg} (see {@link JsApiError}): for
     * {@code preVerifyJSAPI:invalid signature} / {@code agentConfig:invalid signature} (what Tencent's
     * {@code @wecom/jssdk} reports; {@code config:…} from jweixin) the diagnosis of that config's
     * signature; for {@code <api>:permission denied} whether the config the call carried signs the
     * page and, if it does, that the API is not permitted.
     *
     * @param signed    what the page signed: for a config error, that config; for a refused call, the
     *                  config whose signature the call carried (the agent config when the page
     *                  registered one on WeCom, else the corp config)
     * @param jsApiList the jsApiList the page registered, or null when unknown
     */
    public SignatureDiagnosis diagnose(String errMsg, PageSignature signed, List<String> jsApiList) {
        JsApiError reported = JsApiError.parse(errMsg);
        validate(signed);
        ConfigKind kind = reported.configKind().orElse(signed.kind());
        return SignatureDiagnostician.diagnose(reported, signed,
                jsApiList == null ? null : jsApiList.stream().filter(Objects::nonNull).toList(),
                knownTickets(kind));
    }

    private static void validate(PageSignature page) {
        if (page == null || page.kind() == null) {
            throw new WeComValidationException(40035, "the diagnosis needs which config failed (config or agentConfig)");
        }
        requirePageUrl(page.pageUrl());
        if (page.nonceStr() == null || page.signature() == null) {
            throw new WeComValidationException(40035, "the diagnosis needs the nonceStr and signature the page used");
        }
    }

    /** Every ticket this app has used, of the kind wanted and of the other kind, each marked live or not. */
    private List<SignatureDiagnostician.KnownTicket> knownTickets(ConfigKind wanted) {
        List<SignatureDiagnostician.KnownTicket> known = new ArrayList<>();
        for (ConfigKind kind : List.of(wanted, wanted.other())) {
            String current = currentOrNull(kind, kind == wanted);
            for (AccessToken t : tickets.seen(kind)) {
                known.add(new SignatureDiagnostician.KnownTicket(t.value(), kind, t.value().equals(current)));
            }
            if (current != null && known.stream().noneMatch(k -> k.value().equals(current))) {
                known.add(new SignatureDiagnostician.KnownTicket(current, kind, true));
            }
        }
        return known;
    }

    /**
     * Drops the cached ticket of a kind after WeCom's client refused pages signed with it (42012,
     * "jsapi_ticket unusable"), so the next page is signed with a freshly fetched one instead of
     * failing until the ticket's 7200 s run out. Only the value seen now is dropped (compare-and-
     * invalidate), never one another instance just stored.
     */
    public void dropTicket(ConfigKind kind) {
        tickets.peek(kind).ifPresent(t -> tickets.invalidate(kind, t.value()));
    }

    /** Cache state of a ticket (never the ticket). */
    public TokenState ticketState(ConfigKind kind) {
        return tickets.state(kind);
    }

    public String corpId() {
        return corpId;
    }

    public int agentId() {
        return agentId;
    }

    private String currentOrNull(ConfigKind kind, boolean mustHave) {
        try {
            return tickets.ticket(kind);
        } catch (WeComException e) {
            if (mustHave) {
                throw e;
            }
            // The other kind only sharpens the diagnosis; without it we still judge the page's own ticket.
            Instant now = clock.instant();
            return tickets.peek(kind).filter(t -> now.isBefore(t.expiresAt())).map(AccessToken::value).orElse(null);
        }
    }

    private static String requirePageUrl(String url) {
        if (url == null || url.isBlank()) {
            throw new WeComValidationException(40093, "the page URL to sign is required (location.href.split('#')[0])");
        }
        String page = JsSdkSignature.withoutFragment(url);
        if (!isPageUrl(page)) {
            throw new WeComValidationException(40093, "the URL to sign must be the page's absolute http(s) URL"
                    + " exactly as location.href shows it, got '" + Redaction.redact(abbreviate(page)) + "'");
        }
        return page;
    }

    /**
     * An absolute http(s) URL with a host and no whitespace: what {@code location.href} looks like.
     * Deliberately not {@link java.net.URI} parsing, which refuses characters browsers leave
     * unescaped; a loop rather than a regular expression because it runs on every page load.
     * Whitespace as in the former regex {@code \s}: space, tab, line feed, vertical tab, form feed, carriage return.
     */
    static boolean isPageUrl(String url) {
        int n = url.length();
        if (n < 8 || (url.charAt(0) | 0x20) != 'h' || (url.charAt(1) | 0x20) != 't' || (url.charAt(2) | 0x20) != 't'
                || (url.charAt(3) | 0x20) != 'p') {
            return false;
        }
        int at = (url.charAt(4) | 0x20) == 's' ? 5 : 4;
        if (!url.startsWith("://", at)) {
            return false;
        }
        at += 3;
        if (at == n) {
            return false;
        }
        char first = url.charAt(at);
        if (first == '/' || first == '?' || first == '#') {
            return false;
        }
        for (int i = at; i < n; i++) {
            char c = url.charAt(i);
            if (c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r')) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 197) + "...";
    }
}
