package io.github.wecom4j.jssdk;

import io.github.wecom4j.http.Redaction;
import io.github.wecom4j.jssdk.SignatureDiagnosis.Cause;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds out why a page's signature fails by re-signing it every way a page commonly gets it wrong
 * and seeing which one reproduces it: each ticket we know (right kind, other kind, expired ones) x
 * each likely URL (the page's, with its fragment, the URL the page asked to sign, without the query,
 * escaped, other scheme, trailing slash) x both spellings of the nonce key. The mistakes are those
 * listed with errcode 40093 in doc 90313 and in the "invalid signature" checklist of doc 90506.
 *
 * <p>It also explains what Tencent's {@code @wecom/jssdk} reports ({@link JsApiError}): an invalid
 * signature of either config, and a refused JS-API ({@code <api>:permission denied}), judged by
 * whether the config its call carried signs the page.
 *
 * <p>A few hundred SHA-1s at most: cheap enough for a diagnosis endpoint, not for every page load.
 */
final class SignatureDiagnostician {

    /** A ticket a signature may have been made with. */
    record KnownTicket(String value, ConfigKind kind, boolean live) {
    }

    private record UrlGuess(String url, Cause issue) {
    }

    private record Match(ConfigKind ticketKind, boolean ticketLive, Cause urlIssue, boolean nonceKeyCase) {
        Set<Cause> causes(ConfigKind wanted) {
            Set<Cause> out = EnumSet.noneOf(Cause.class);
            if (ticketKind != wanted) {
                out.add(Cause.WRONG_TICKET_KIND);
            } else if (!ticketLive) {
                out.add(Cause.TICKET_EXPIRED);
            }
            if (urlIssue != null) {
                out.add(urlIssue);
            }
            if (nonceKeyCase) {
                out.add(Cause.NONCE_KEY_CASE);
            }
            return out;
        }
    }

    private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");

    private SignatureDiagnostician() {
    }

    static SignatureDiagnosis diagnose(PageSignature page, List<KnownTicket> tickets) {
        String signature = page.signature().trim();
        if (!HEX40.matcher(signature).matches()) {
            return new SignatureDiagnosis(Cause.MALFORMED_SIGNATURE, "the signature '" + abbreviate(signature)
                    + "' is not 40 lower-case hex digits: it must be the lower-case hex SHA-1 of"
                    + " jsapi_ticket=...&noncestr=...&timestamp=...&url=... (doc 90506)");
        }
        String what = page.kind().jsApi() + " on " + Redaction.redact(JsSdkSignature.withoutFragment(page.pageUrl()));
        Optional<Match> best = Optional.empty();
        List<UrlGuess> urls = urlGuesses(page);
        for (KnownTicket ticket : tickets) {
            for (UrlGuess url : urls) {
                for (boolean camelKey : new boolean[] {false, true}) {
                    String key = camelKey ? "nonceStr" : "noncestr";
                    String string1 = "jsapi_ticket=" + ticket.value() + "&" + key + "=" + page.nonceStr()
                            + "&timestamp=" + page.timestamp() + "&url=" + url.url();
                    if (JsSdkSignature.sha1Hex(string1).equals(signature)) {
                        Match m = new Match(ticket.kind(), ticket.live(), url.issue(), camelKey);
                        best = best.isEmpty() || better(m, best.get(), page.kind()) ? Optional.of(m) : best;
                    }
                }
            }
        }
        if (best.isEmpty()) {
            return new SignatureDiagnosis(Cause.UNKNOWN, "no " + page.kind().ticketName() + " or other ticket this app"
                    + " has used reproduces the signature of " + what + " for any likely URL. Check that the page"
                    + " passes exactly the timestamp and nonceStr it was signed with, that it was signed by this"
                    + " app (tickets never cross apps or corps) and with WeCom's algorithm: lower-case hex SHA-1"
                    + " of jsapi_ticket=...&noncestr=...&timestamp=...&url=... (doc 90506)");
        }
        Set<Cause> causes = best.get().causes(page.kind());
        if (causes.isEmpty()) {
            return new SignatureDiagnosis(Cause.SIGNATURE_OK, "the signature of " + what + " is right (live "
                    + page.kind().ticketName() + ", URL without fragment, noncestr key). If WeCom still refuses,"
                    + " check that the page's domain is a trusted domain of the app (80001), the corp id (40013)"
                    + " and, for wx.agentConfig, the agentid");
        }
        List<String> reasons = new ArrayList<>();
        causes.forEach(c -> reasons.add(explain(c, page)));
        return new SignatureDiagnosis(causes.iterator().next(), what + " fails: " + String.join("; also ", reasons));
    }

    /**
     * Explains an error the page's JS-SDK reported. An error of a config ({@code preVerifyJSAPI:…},
     * {@code config:…}, {@code agentConfig:…}) is diagnosed as a signature of that config; a refused
     * JS-API by the config its call carried ({@code page}): if that does not sign the page, the
     * signature is why, otherwise the API is not permitted.
     *
     * @param jsApiList the jsApiList the page registered, or null when unknown
     */
    static SignatureDiagnosis diagnose(JsApiError reported, PageSignature page, List<String> jsApiList,
                                       List<KnownTicket> tickets) {
        Optional<ConfigKind> failedConfig = reported.configKind();
        if (reported.permissionDenied() && failedConfig.isPresent()) {
            return new SignatureDiagnosis(Cause.CONFIG_NEEDED_FIRST, "'" + reported + "': WeCom clients before 3.0.24"
                    + " refuse wx.agentConfig until wx.config has succeeded on the page (doc 94313). With"
                    + " @wecom/jssdk pass getConfigSignature as well as getAgentConfigSignature to ww.register (it"
                    + " then runs config first on such clients); with jweixin call wx.agentConfig from wx.ready");
        }
        if (reported.permissionDenied()) {
            SignatureDiagnosis carried = diagnose(page, tickets);
            if (!carried.ok()) {
                return new SignatureDiagnosis(carried.cause(), "'" + reported + "': the " + page.kind().jsApi()
                        + " signature the call carried does not sign this page, so WeCom grants nothing. "
                        + carried.message());
            }
            boolean listed = jsApiList == null || jsApiList.contains(reported.api());
            return new SignatureDiagnosis(Cause.API_NOT_PERMITTED, listed
                    ? "'" + reported + "': the " + page.kind().jsApi() + " the call carried is right for this page,"
                    + " so WeCom refuses " + reported.api() + " itself. Check that it is in the jsApiList of"
                    + " ww.register / wx.config, that an API needing the app's identity has agentConfig"
                    + " (getAgentConfigSignature), and that the app has the permission in the admin console"
                    + " and the user is in its visible range"
                    : "'" + reported + "': " + reported.api() + " is not in the jsApiList the page registered "
                    + abbreviate(String.valueOf(jsApiList)) + "; add it to ww.register({jsApiList}) (wx.config /"
                    + " wx.agentConfig with jweixin). The " + page.kind().jsApi() + " itself is right for this page");
        }
        if (failedConfig.isPresent()) {
            return diagnose(new PageSignature(failedConfig.get(), page.pageUrl(), page.signedUrl(), page.timestamp(),
                    page.nonceStr(), page.signature()), tickets);
        }
        return new SignatureDiagnosis(Cause.UNKNOWN, "'" + reported + "' is neither a config error nor a refused"
                + " JS-API; the diagnosis explains invalid signatures and 'permission denied'");
    }

    private static boolean better(Match candidate, Match current, ConfigKind wanted) {
        Comparator<Match> byFewestProblems = Comparator.comparingInt(m -> m.causes(wanted).size());
        return byFewestProblems.compare(candidate, current) < 0;
    }

    private static String explain(Cause cause, PageSignature page) {
        return switch (cause) {
            case WRONG_TICKET_KIND -> "it was signed with the " + page.kind().other().ticketName() + ", but "
                    + page.kind().jsApi() + " needs the " + page.kind().ticketName() + " (doc 90506: the two tickets"
                    + " must not be mixed)";
            case TICKET_EXPIRED -> "it was signed with a " + page.kind().ticketName() + " that has expired or been"
                    + " replaced; fetch a fresh config on every page load instead of caching it (tickets live 7200 s)";
            case URL_HAS_FRAGMENT -> "the signed URL kept its #fragment; sign location.href.split('#')[0]";
            case URL_QUERY_DIFFERS -> "the signed URL's query string differs from the page's ("
                    + Redaction.redact(query(page.signedUrl())) + " signed, " + Redaction.redact(query(page.pageUrl()))
                    + " in the page); sign the URL the page has when it calls " + page.kind().jsApi()
                    + " (after any router/pushState change), query included";
            case URL_ESCAPED -> "the URL was URL-encoded or HTML-escaped before signing; sign it exactly as"
                    + " location.href shows it (decode it on the server if the page sends it encodeURIComponent-ed)";
            case URL_DIFFERS -> "the signed URL differs from the page's in scheme, host, port or path ("
                    + Redaction.redact(page.signedUrl() == null ? "a variant" : page.signedUrl())
                    + " signed); behind a proxy sign the URL the browser shows, not the one the server sees";
            case NONCE_KEY_CASE -> "the signed string used 'nonceStr='; the key is 'noncestr' in lower case"
                    + " (only the JavaScript object uses nonceStr)";
            default -> cause.name();
        };
    }

    /** The URLs a page's signature was plausibly computed on, each with what would be wrong with it. */
    private static List<UrlGuess> urlGuesses(PageSignature page) {
        String real = JsSdkSignature.withoutFragment(page.pageUrl());
        Map<String, Cause> guesses = new LinkedHashMap<>();
        guesses.put(real, null);
        if (page.pageUrl().contains("#")) {
            guess(guesses, page.pageUrl(), Cause.URL_HAS_FRAGMENT);
        }
        String signed = page.signedUrl();
        if (signed != null && !signed.isBlank()) {
            guess(guesses, signed, classify(signed, real));
        }
        int q = real.indexOf('?');
        if (q >= 0) {
            guess(guesses, real.substring(0, q), Cause.URL_QUERY_DIFFERS);
        }
        guess(guesses, URLEncoder.encode(real, StandardCharsets.UTF_8), Cause.URL_ESCAPED);
        guess(guesses, real.replace("&", "&amp;"), Cause.URL_ESCAPED);
        try {
            guess(guesses, URLDecoder.decode(real, StandardCharsets.UTF_8), Cause.URL_ESCAPED);
        } catch (IllegalArgumentException notEncoded) {
            // a stray '%' in the page URL: no decoded form to try
        }
        if (real.startsWith("https://")) {
            guess(guesses, "http://" + real.substring(8), Cause.URL_DIFFERS);
        } else if (real.startsWith("http://")) {
            guess(guesses, "https://" + real.substring(7), Cause.URL_DIFFERS);
        }
        String path = q >= 0 ? real.substring(0, q) : real;
        String rest = q >= 0 ? real.substring(q) : "";
        guess(guesses, path.endsWith("/") ? path.substring(0, path.length() - 1) + rest : path + "/" + rest,
                Cause.URL_DIFFERS);
        List<UrlGuess> out = new ArrayList<>();
        guesses.forEach((url, issue) -> out.add(new UrlGuess(url, issue)));
        return out;
    }

    /** Adds a guess unless the URL is already there (a null issue, "the right URL", is a real value). */
    private static void guess(Map<String, Cause> guesses, String url, Cause issue) {
        if (!guesses.containsKey(url)) {
            guesses.put(url, issue);
        }
    }

    private static Cause classify(String signed, String real) {
        if (signed.equals(real)) {
            return null;
        }
        if (JsSdkSignature.withoutFragment(signed).equals(real)) {
            return Cause.URL_HAS_FRAGMENT;
        }
        String signedBase = JsSdkSignature.withoutFragment(signed);
        int sq = signedBase.indexOf('?');
        int rq = real.indexOf('?');
        String sPath = sq < 0 ? signedBase : signedBase.substring(0, sq);
        String rPath = rq < 0 ? real : real.substring(0, rq);
        if (sPath.equals(rPath)) {
            return Cause.URL_QUERY_DIFFERS;
        }
        try {
            if (URLDecoder.decode(signed.replace("&amp;", "&"), StandardCharsets.UTF_8).equals(real)) {
                return Cause.URL_ESCAPED;
            }
        } catch (IllegalArgumentException notEncoded) {
            // a stray '%': not an escaped form of the page URL
        }
        return Cause.URL_DIFFERS;
    }

    private static String query(String url) {
        if (url == null) {
            return "(unknown)";
        }
        String base = JsSdkSignature.withoutFragment(url);
        int q = base.indexOf('?');
        return q < 0 ? "(no query)" : "'" + base.substring(q) + "'";
    }

    private static String abbreviate(String s) {
        return s.length() <= 48 ? s : s.substring(0, 45) + "...";
    }
}
