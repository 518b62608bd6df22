package io.github.wecom4j.emulator.corp;

import java.time.LocalDate;
import java.util.List;

/**
 * A self-built app: agentid, its secret, the trusted domain its OAuth redirects and JS-SDK pages
 * must be on, an optional callback (URL, Token, EncodingAESKey), the day it was created and its
 * visible range (可见范围).
 *
 * <p>The creation day matters since WeCom's 2022 security change (doc 90196, notice of 2022-06-20):
 * an app created on or after {@link #PRIVACY_ERA} no longer receives avatar, gender, mobile, email,
 * biz_mail, qr_code or address from user/get and user/list. An app without a date is taken as
 * created today, so it follows the current rules.
 *
 * @param visibleDepartments departments the app sees with all their descendants; null = the whole corp
 * @param visibleUsers       members the app sees in addition, wherever they are
 */
public record EmulatedApp(int agentId, String name, String secret, String trustedDomain, String callbackUrl,
                          String callbackToken, String encodingAesKey, LocalDate createdOn,
                          List<Long> visibleDepartments, List<String> visibleUsers) {

    /** Apps created from this day on get no private member fields (doc 90196). */
    public static final LocalDate PRIVACY_ERA = LocalDate.of(2022, 6, 20);

    public EmulatedApp {
        if (agentId <= 0 || secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("an app needs a positive agentid and a secret");
        }
        name = name == null ? "app " + agentId : name;
        trustedDomain = trustedDomain == null ? "localhost" : trustedDomain;
        createdOn = createdOn == null ? LocalDate.now() : createdOn;
        visibleDepartments = visibleDepartments == null ? List.of(1L) : List.copyOf(visibleDepartments);
        visibleUsers = visibleUsers == null ? List.of() : List.copyOf(visibleUsers);
    }

    /** An app created today that sees the whole corp. */
    public EmulatedApp(int agentId, String name, String secret, String trustedDomain, String callbackUrl,
                       String callbackToken, String encodingAesKey) {
        this(agentId, name, secret, trustedDomain, callbackUrl, callbackToken, encodingAesKey, null, null, null);
    }

    /** Whether user/get and user/list give this app mobile, email, gender, avatar ... (doc 90196). */
    public boolean seesPrivateFields() {
        return createdOn.isBefore(PRIVACY_ERA);
    }

    public EmulatedApp withTrustedDomain(String domain) {
        return new EmulatedApp(agentId, name, secret, domain, callbackUrl, callbackToken, encodingAesKey, createdOn,
                visibleDepartments, visibleUsers);
    }
}
