package io.github.wecom4j.gateway.login;

import io.github.wecom4j.WeComApp;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.gateway.cluster.DatabaseClock;
import io.github.wecom4j.gateway.web.WeComErrmsg;
import io.github.wecom4j.login.LoginIdentity;
import io.github.wecom4j.login.LoginService;
import io.github.wecom4j.login.OAuthScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Logging a person in through WeCom into a servlet session:
 * <pre>
 * GET  /login?next=/page[&flow=oauth2|qr]  starts: OAuth2 inside the WeCom client (User-Agent has
 *                                          "wxwork"), the QR-code page otherwise
 * GET  /login/callback?code&state          finishes: checks the state, exchanges the code
 * GET  /api/me                             who is logged in (401 when nobody)
 * POST /logout                             ends the session
 * </pre>
 */
@RestController
class LoginController {

    private static final Logger log = LoggerFactory.getLogger(LoginController.class);

    static final String PENDING = "wecom4j.login.pending";
    static final String USER = "wecom4j.login.user";
    /** auth/getuserinfo's answer to a code that is wrong, used, expired or another app's (doc 91023). */
    private static final int INVALID_CODE = 40029;

    private final WeComClient wecom;
    private final WeComApp app;
    private final LoginService login;
    private final LoginProperties properties;
    private final UsedLoginStates usedStates;
    /** States begun on one instance are checked on another: the database's clock ({@link DatabaseClock}). */
    private final Clock clock;

    LoginController(WeComClient wecom, LoginProperties properties, UsedLoginStates usedStates,
                    @Qualifier("databaseClock") DatabaseClock clock) {
        this.clock = clock;
        this.wecom = wecom;
        this.properties = properties;
        this.usedStates = usedStates;
        int agentId = properties.agentId() != 0 ? properties.agentId()
                : wecom.apps().keySet().stream().findFirst().orElseThrow(() ->
                        new IllegalStateException("login needs an app: configure wecom.apps (agent-id and secret)"));
        this.app = wecom.app(agentId);
        this.login = app.login();
    }

    @GetMapping("/login")
    ResponseEntity<Void> start(@RequestParam(required = false) String next,
                               @RequestParam(required = false) String flow,
                               @RequestHeader(value = HttpHeaders.USER_AGENT, required = false) String userAgent,
                               HttpServletRequest request) {
        String target = SafeRedirect.requireLocalPath(next);
        String chosen = chooseFlow(flow, userAgent);
        HttpSession session = request.getSession(true);
        if (session.getAttribute(USER) == null) {
            // Nobody logged in yet: kept only as long as a login can be pending, not the 8 hours of a
            // logged-in session, so GET /login in a loop does not fill the session table for a day.
            session.setMaxInactiveInterval((int) PendingLogins.TTL.toSeconds());
        }
        PendingLogins pending = pendingOf(session);
        String state = pending.begin(chosen, target, clock.instant());
        // Set again: a shared session store saves only attributes that were set, not mutated objects.
        session.setAttribute(PENDING, pending);
        URI callback = callbackUri();
        URI wecomPage = "oauth2".equals(chosen)
                ? login.authorizeUrl(callback, properties.scope(), state)
                : login.qrLoginUrl(callback, state);
        return ResponseEntity.status(HttpStatus.FOUND).location(wecomPage).build();
    }

    @GetMapping("/login/callback")
    ResponseEntity<Void> callback(@RequestParam(required = false) String code,
                                  @RequestParam(required = false) String state,
                                  HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        PendingLogins.Pending pending = null;
        if (session != null) {
            PendingLogins all = pendingOf(session);
            pending = all.consume(state, clock.instant()).orElse(null);
            session.setAttribute(PENDING, all);
        }
        // The session may be read by two instances at once: the state's first use anywhere wins.
        if (pending != null && !usedStates.firstUse(state)) {
            pending = null;
        }
        if (pending == null) {
            throw LoginRefusedException.badRequest(40035,
                    "login refused: the state does not belong to a login started in this browser session "
                            + "(forged, replayed, expired after " + PendingLogins.TTL.toMinutes() + " min, or cookies blocked)",
                    "start again at /login in the same browser / 请在同一浏览器中重新从 /login 登录");
        }
        if (code == null || code.isBlank()) {
            throw LoginRefusedException.badRequest(40029, "login cancelled: WeCom came back without a code",
                    "the person refused or closed the WeCom page; start again at /login / 用户取消了登录");
        }
        LoginIdentity identity;
        try {
            identity = login.identity(code);
        } catch (WeComException e) {
            String said = WeComErrmsg.publicPart(e.errmsg());
            if (e.errcode() == INVALID_CODE) {
                log.info("login code refused by WeCom: errcode {}", e.errcode());
                throw new LoginRefusedException(HttpStatus.BAD_REQUEST, e.errcode(), "login refused: WeCom did not"
                        + " accept the login code (" + said + "); a code works once and for 5 minutes", e.hint());
            }
            if (e.errcode() == WeComException.TRANSPORT_FAILURE || e.errcode() == -1) {
                throw new LoginRefusedException(HttpStatus.BAD_GATEWAY, e.errcode(), "login failed: WeCom could not be"
                        + " reached or was busy (" + said + "); try again in a moment", e.hint());
            }
            // Not the person's code: our secret, IP allow-list or token. Telling the person to retry
            // would never help, and an operator must hear of it.
            log.warn("login failed on the gateway's side: WeCom answered errcode {} to the code exchange", e.errcode());
            throw new LoginRefusedException(HttpStatus.BAD_GATEWAY, e.errcode(), "login failed: WeCom refused the"
                    + " gateway's request (" + said + "), not the person's code; the administrator must check the"
                    + " app's configuration", e.hint());
        }
        if (!(identity instanceof LoginIdentity.Member member)) {
            throw new LoginRefusedException(HttpStatus.FORBIDDEN, 60111,
                    "login refused: the person is not a member of the corp (WeCom gave an openid, not a userid)",
                    "only members of the corp can log in / 仅企业成员可登录");
        }
        LoggedInUser user = new LoggedInUser(member.userId(), displayName(member.userId()), pending.flow(),
                app.agentId(), clock.instant(), email(member));
        // Session fixation: a session planted before the login (a link, a shared computer) must not
        // become the logged-in one. A new id is not enough: Spring Session keeps the row's own key,
        // and a request still running on the old session (loaded before this login, saved after)
        // wrote the old id back onto the row that now held this login. So the old session is ended
        // (its row deleted: a late save finds nothing to update) and the login lives in a new one.
        PendingLogins others = pendingOf(session);
        session.invalidate();
        HttpSession fresh = request.getSession(true);
        fresh.setAttribute(PENDING, others); // logins begun in other tabs stay pending
        fresh.setAttribute(USER, user);
        log.info("logged in {} via {}", user.userId(), user.via());
        return ResponseEntity.status(HttpStatus.FOUND).location(URI.create(SafeRedirect.requireLocalPath(pending.next())))
                .build();
    }

    @GetMapping("/api/me")
    ResponseEntity<Map<String, Object>> me(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        LoggedInUser user = session == null ? null : (LoggedInUser) session.getAttribute(USER);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("loggedIn", user != null);
        if (user == null) {
            body.put("login", "/login");
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(body);
        }
        body.put("userId", user.userId());
        body.put("name", user.name());
        body.put("via", user.via());
        body.put("agentId", user.agentId());
        body.put("since", user.since().toString());
        if (user.email() != null) {
            body.put("email", user.email());
        }
        return ResponseEntity.ok(body);
    }

    /**
     * POST only: with the session cookie on SameSite=Lax another site cannot post it, so a
     * cross-site page cannot log the user out.
     */
    @PostMapping("/logout")
    ResponseEntity<Void> logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(SafeRedirect.DEFAULT)).build();
    }

    /** An explicit {@code flow} wins; else the WeCom client announces itself with "wxwork" in its User-Agent. */
    static String chooseFlow(String flow, String userAgent) {
        if (flow != null && !flow.isEmpty()) {
            if (!flow.equals("oauth2") && !flow.equals("qr")) {
                throw LoginRefusedException.badRequest(40035, "flow must be 'oauth2' or 'qr'", "omit flow to choose by User-Agent");
            }
            return flow;
        }
        return userAgent != null && userAgent.toLowerCase(Locale.ROOT).contains("wxwork") ? "oauth2" : "qr";
    }

    private URI callbackUri() {
        if (properties.publicUrl() != null) {
            String base = properties.publicUrl().toString();
            return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/login/callback");
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().path("/login/callback").build().toUri();
    }

    private String displayName(String userId) {
        try {
            return wecom.contacts().members().get(userId).name();
        } catch (WeComException e) {
            // Logging in does not need the name; the directory may be outside the app's range.
            log.info("no directory entry for the logged-in member (errcode {})", e.errcode());
            return userId;
        }
    }

    private String email(LoginIdentity.Member member) {
        if (properties.scope() != OAuthScope.PRIVATE_INFO || member.ticket().isEmpty()) {
            return null;
        }
        try {
            String email = login.userDetail(member).email();
            return email.isEmpty() ? null : email;
        } catch (WeComException e) {
            log.info("member detail unavailable (errcode {})", e.errcode());
            return null;
        }
    }

    private static PendingLogins pendingOf(HttpSession session) {
        synchronized (session) {
            PendingLogins p = (PendingLogins) session.getAttribute(PENDING);
            if (p == null) {
                p = new PendingLogins();
                session.setAttribute(PENDING, p);
            }
            return p;
        }
    }
}
