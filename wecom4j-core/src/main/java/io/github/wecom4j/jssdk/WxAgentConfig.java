package io.github.wecom4j.jssdk;

/**
 * What a page passes to {@code wx.agentConfig} besides {@code jsApiList} and the callbacks
 * (doc 94313). Names as the front end needs them: {@code corpid} and {@code agentid} all lower
 * case, {@code nonceStr} camel case.
 *
 * @param corpid    the corp id; must equal the corp logged in to the WeCom client
 * @param agentid   the app's agentid
 * @param timestamp seconds since the epoch, as signed
 * @param nonceStr  the random string, as signed
 * @param signature signed with the app's agent_config ticket, never the corp jsapi_ticket
 */
public record WxAgentConfig(String corpid, int agentid, long timestamp, String nonceStr, String signature) {
}
