package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/**
 * Event {@code LOCATION}: the member's position, reported on entering the app when the app asks for
 * it. Numbers are null when WeCom sent none or something unreadable.
 */
public record LocationReportEvent(CallbackMessage raw, Double latitude, Double longitude, Double precision, String appType)
        implements WeComEvent {
}
