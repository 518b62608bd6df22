package io.github.wecom4j.jssdk;

/**
 * What a page actually used when {@code wx.config} / {@code wx.agentConfig} failed: the input of
 * {@link JsSdk#diagnose(PageSignature)}.
 *
 * @param kind      which injection failed
 * @param pageUrl   the page's real URL, {@code location.href} (fragment included is fine: WeCom
 *                  drops it and so does the diagnosis)
 * @param signedUrl the URL the page asked the server to sign, if it knows it (null otherwise); it
 *                  lets the diagnosis say how the two differ
 * @param timestamp the {@code timestamp} passed to the SDK
 * @param nonceStr  the {@code nonceStr} passed to the SDK
 * @param signature the {@code signature} passed to the SDK
 */
public record PageSignature(ConfigKind kind, String pageUrl, String signedUrl, long timestamp, String nonceStr,
                            String signature) {
}
