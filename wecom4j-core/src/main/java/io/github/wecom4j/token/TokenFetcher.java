package io.github.wecom4j.token;

/** Fetches a fresh token from WeCom for a key's credential (gettoken, get_jsapi_ticket, ...). */
@FunctionalInterface
public interface TokenFetcher {
    AccessToken fetch();
}
