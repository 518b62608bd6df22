package io.github.wecom4j.jssdk;

/**
 * What a page passes to {@code wx.config} besides {@code jsApiList} (doc 90506, "通过config接口注入权限验证配置").
 * The component names are the front end's: serialised as JSON they drop straight into
 * {@code wx.config({...cfg, beta: true, jsApiList: [...]})}.
 *
 * @param appId     the corp id (WeCom reuses WeChat's name for it)
 * @param timestamp seconds since the epoch, as signed
 * @param nonceStr  the random string, as signed (camel case here, {@code noncestr} in the signed string)
 * @param signature lower-case hex SHA-1, see {@link JsSdkSignature}
 */
public record WxConfig(String appId, long timestamp, String nonceStr, String signature) {
}
