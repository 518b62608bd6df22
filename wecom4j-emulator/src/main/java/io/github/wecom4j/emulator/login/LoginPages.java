package io.github.wecom4j.emulator.login;

import io.github.wecom4j.emulator.corp.EmulatedApp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import io.github.wecom4j.emulator.corp.EmulatedMember;
import io.github.wecom4j.emulator.http.EmulatorHttpServer;
import io.github.wecom4j.emulator.http.EmulatorRequest;
import io.github.wecom4j.emulator.http.EmulatorResponse;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The pages a browser meets when an app sends it to WeCom to log in, where a person says who they
 * are by picking a member:
 * <ul>
 *   <li>{@code GET /connect/oauth2/authorize} — OAuth2 inside the WeCom client (doc 91022);</li>
 *   <li>{@code GET /wwlogin/sso/login} — web QR-code login, current form (doc 98152);</li>
 *   <li>{@code GET /wwopen/sso/qrConnect} — web QR-code login, older form (doc 91019).</li>
 * </ul>
 * On the QR pages "scanning" is picking a member. The choice goes back to the same URL with
 * {@code pick=<userid>} (or {@code visitor=1} for a non-member, {@code deny=1} to refuse on the
 * QR pages), so a test can skip the page by adding that parameter itself. The browser is then
 * redirected to {@code redirect_uri?code=CODE&state=STATE}, as WeCom does.
 *
 * <p>WeCom's rules checked before any code is issued: {@code appid} is the corp, {@code agentid}
 * is one of its apps, and the redirect_uri's host is that app's trusted domain (with its port if
 * the trusted domain names one); otherwise an error page and no code.
 */
public final class LoginPages {

    /** The one non-member persona the pages offer (a WeChat user who is not in the corp). */
    public static final String VISITOR_OPENID = "oDemoVisitor0000000000000001";

    private final Supplier<EmulatedCorp> corp;
    private final LoginCodes codes;

    public LoginPages(Supplier<EmulatedCorp> corp, LoginCodes codes) {
        this.corp = Objects.requireNonNull(corp);
        this.codes = Objects.requireNonNull(codes);
    }

    public void register(EmulatorHttpServer server) {
        server.route("/connect/oauth2/authorize", this::authorize);
        server.route("/wwlogin/sso/login", this::qrLogin);
        server.route("/wwopen/sso/qrConnect", this::qrConnect);
    }

    private record Checked(int agentId, String appName, URI redirect, String state) {
    }

    /** A request WeCom would answer with its error page instead of a redirect. */
    private static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    EmulatorResponse authorize(EmulatorRequest req) {
        try {
            if (!"code".equals(req.param("response_type"))) {
                throw new Refused("response_type must be 'code'");
            }
            String scope = req.param("scope");
            if (!"snsapi_base".equals(scope) && !"snsapi_privateinfo".equals(scope)) {
                throw new Refused("scope must be snsapi_base or snsapi_privateinfo, got '" + scope + "'");
            }
            String state = req.param("state") == null ? "" : req.param("state");
            if (!state.matches("[A-Za-z0-9]{0,128}")) {
                throw new Refused("state must be at most 128 letters or digits");
            }
            // Doc 91022: agentid is required for snsapi_privateinfo only; a snsapi_base URL
            // without it is valid and its code may be exchanged by any app of the corp.
            Checked c = check(req, state, "snsapi_base".equals(scope));
            return choose(req, c, "snsapi_privateinfo".equals(scope), false,
                    "WeCom authorization (emulated) / 企业微信授权",
                    "snsapi_privateinfo".equals(scope)
                            ? "The app asks for your name, avatar, gender, mobile and email. Who are you?"
                            : "The app will learn your userid. Who are you?");
        } catch (Refused e) {
            return errorPage(e.getMessage());
        }
    }

    EmulatorResponse qrLogin(EmulatorRequest req) {
        try {
            if (!"CorpApp".equals(req.param("login_type"))) {
                throw new Refused("login_type must be CorpApp (ServiceApp logins are not emulated), got '"
                        + req.param("login_type") + "'");
            }
            return qr(req);
        } catch (Refused e) {
            return errorPage(e.getMessage());
        }
    }

    EmulatorResponse qrConnect(EmulatorRequest req) {
        try {
            return qr(req);
        } catch (Refused e) {
            return errorPage(e.getMessage());
        }
    }

    private EmulatorResponse qr(EmulatorRequest req) {
        String state = req.param("state") == null ? "" : req.param("state");
        if (state.getBytes(StandardCharsets.UTF_8).length > 128) {
            throw new Refused("state must be at most 128 bytes");
        }
        Checked c = check(req, state, false);
        return choose(req, c, false, true, "Scan to log in (emulated) / 企业微信扫码登录",
                "Scanning the QR code with WeCom: pick the member whose phone scans it.");
    }

    private Checked check(EmulatorRequest req, String state, boolean agentIdOptional) {
        EmulatedCorp corp = this.corp.get();
        if (!corp.corpId().equals(req.param("appid"))) {
            throw new Refused("invalid appid: it must be the CorpID");
        }
        String agentId = req.param("agentid");
        EmulatedApp app = null;
        if (agentId != null && !agentId.isEmpty() || !agentIdOptional) {
            try {
                app = corp.app(Integer.parseInt(Objects.requireNonNullElse(agentId, "")))
                        .orElseThrow(() -> new Refused("invalid agentid: no such app in this corp"));
            } catch (NumberFormatException e) {
                throw new Refused("agentid is required and must be an integer");
            }
        }
        String raw = req.param("redirect_uri");
        if (raw == null || raw.isEmpty()) {
            throw new Refused("redirect_uri is required");
        }
        URI redirect;
        try {
            redirect = new URI(raw);
        } catch (URISyntaxException e) {
            throw new Refused("redirect_uri is not a valid URL");
        }
        String scheme = redirect.getScheme() == null ? "" : redirect.getScheme().toLowerCase(Locale.ROOT);
        if (!redirect.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || redirect.getHost() == null) {
            throw new Refused("redirect_uri must be an absolute http(s) URL");
        }
        if (app == null) {
            // No agentid: the redirect must be on the trusted domain of some app of the corp.
            if (corp.apps().stream().noneMatch(a -> trusted(a.trustedDomain(), redirect))) {
                throw new Refused("redirect_uri需使用应用可信域名: " + authority(redirect)
                        + " is not the trusted domain of any app of this corp");
            }
            return new Checked(0, "any app of the corp (no agentid)", redirect, state);
        }
        if (!trusted(app.trustedDomain(), redirect)) {
            throw new Refused("redirect_uri需使用应用可信域名: the domain of redirect_uri (" + authority(redirect)
                    + ") is not the trusted domain of app " + app.agentId() + " (" + app.trustedDomain() + ")");
        }
        return new Checked(app.agentId(), app.name(), redirect, state);
    }

    private static String authority(URI redirect) {
        return redirect.getPort() == -1 ? redirect.getHost() : redirect.getHost() + ":" + redirect.getPort();
    }

    static boolean trusted(String trustedDomain, URI redirect) {
        return io.github.wecom4j.emulator.corp.TrustedDomain.matches(trustedDomain, redirect);
    }

    private EmulatorResponse choose(EmulatorRequest req, Checked c, boolean privateInfo, boolean qr, String title,
                                    String question) {
        EmulatedCorp corp = this.corp.get();
        if (qr && "1".equals(req.param("deny"))) {
            // Doc 91019: a refused QR login comes back with the state only.
            return EmulatorResponse.redirect(appendQuery(c.redirect(), "state=" + enc(c.state())));
        }
        if ("1".equals(req.param("visitor"))) {
            String code = codes.issue(new LoginCodes.Grant(c.agentId(), null, VISITOR_OPENID, false));
            return redirectWith(c, code);
        }
        String pick = req.param("pick");
        if (pick != null) {
            EmulatedMember m = corp.member(pick).orElse(null);
            if (m == null || m.status() != 1) {
                return errorPage("no active member '" + pick + "' in this corp");
            }
            String code = codes.issue(new LoginCodes.Grant(c.agentId(), m.userId(), null, privateInfo));
            return redirectWith(c, code);
        }
        String self = req.path() + "?" + req.rawQuery();
        StringBuilder html = new StringBuilder("<!doctype html><html><head><meta charset=\"utf-8\"><title>")
                .append(esc(title)).append("</title><style>body{font-family:sans-serif;max-width:32em;margin:2em auto}"
                        + "a.pick{display:block;padding:.6em;margin:.3em 0;border:1px solid #ccc;border-radius:6px;"
                        + "text-decoration:none;color:#123}</style></head><body>")
                .append("<h1>").append(esc(title)).append("</h1>")
                .append("<p>").append(esc(corp.name())).append(" — app <b>").append(esc(c.appName()))
                .append("</b> (agentid ").append(c.agentId()).append(")</p>")
                .append("<p id=\"question\">").append(esc(question)).append("</p><nav id=\"members\">");
        for (EmulatedMember m : corp.members()) {
            if (m.status() != 1) {
                continue;
            }
            html.append("<a class=\"pick\" id=\"pick-").append(esc(m.userId())).append("\" href=\"")
                    .append(esc(self + "&pick=" + enc(m.userId()))).append("\">").append(esc(m.name()))
                    .append(" <small>(").append(esc(m.userId())).append(", ").append(esc(m.position()))
                    .append(")</small></a>");
        }
        html.append("<a class=\"pick\" id=\"pick-visitor\" href=\"").append(esc(self + "&visitor=1"))
                .append("\">A visitor, not a member <small>(gets an openid)</small></a>");
        if (qr) {
            html.append("<a class=\"pick\" id=\"deny\" href=\"").append(esc(self + "&deny=1"))
                    .append("\">Refuse the login</a>");
        }
        html.append("</nav><p><small>Redirects to ").append(esc(c.redirect().getScheme() + "://" + c.redirect().getRawAuthority()))
                .append(" with code and state.</small></p></body></html>");
        return EmulatorResponse.html(200, html.toString());
    }

    private EmulatorResponse redirectWith(Checked c, String code) {
        return EmulatorResponse.redirect(appendQuery(c.redirect(), "code=" + enc(code) + "&state=" + enc(c.state())));
    }

    /** Appends to any query the redirect_uri already has, before its fragment (doc 91022). */
    static String appendQuery(URI redirect, String extra) {
        String s = redirect.toString();
        String fragment = "";
        int hash = s.indexOf('#');
        if (hash >= 0) {
            fragment = s.substring(hash);
            s = s.substring(0, hash);
        }
        return s + (s.contains("?") ? "&" : "?") + extra + fragment;
    }

    private static EmulatorResponse errorPage(String message) {
        return EmulatorResponse.html(400, "<!doctype html><html><head><meta charset=\"utf-8\"><title>WeCom error (emulated)"
                + "</title></head><body><h1>企业微信 — request refused (emulated)</h1><p id=\"error\">" + esc(message)
                + "</p></body></html>");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
