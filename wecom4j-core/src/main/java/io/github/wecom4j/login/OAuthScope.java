package io.github.wecom4j.login;

/**
 * The {@code scope} of the OAuth2 authorize URL (doc 91022).
 *
 * <ul>
 *   <li>{@link #BASE} ({@code snsapi_base}): silent, WeCom only tells who the user is;</li>
 *   <li>{@link #PRIVATE_INFO} ({@code snsapi_privateinfo}): the user consents explicitly and the
 *       code exchange also yields a {@code user_ticket} for {@link LoginService#userDetail}; WeCom
 *       requires {@code agentid} with it (always sent by this SDK).</li>
 * </ul>
 */
public enum OAuthScope {
    BASE("snsapi_base"),
    PRIVATE_INFO("snsapi_privateinfo");

    private final String value;

    OAuthScope(String value) {
        this.value = value;
    }

    /** The wire value. */
    public String value() {
        return value;
    }
}
