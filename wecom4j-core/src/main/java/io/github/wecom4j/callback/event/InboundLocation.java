package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/**
 * MsgType {@code location}: {@code Location_X} (latitude), {@code Location_Y} (longitude),
 * {@code Scale}, {@code Label}, {@code AppType} ({@code wxwork}, or {@code wx} from the WeChat plugin).
 * Numbers are null when WeCom sent none or something unreadable.
 */
public record InboundLocation(CallbackMessage raw, Double latitude, Double longitude, Integer scale, String label,
                              String appType) implements InboundMessage {
}
