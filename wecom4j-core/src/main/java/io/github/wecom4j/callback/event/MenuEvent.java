package io.github.wecom4j.callback.event;

/**
 * A member used the app's menu (doc 90240 "菜单事件"); {@link #eventKey()} is the button's
 * {@code key} (for {@code view} the URL, for {@code view_miniprogram} the page path).
 */
public sealed interface MenuEvent extends WeComEvent
        permits MenuClickEvent, MenuViewEvent, MenuMiniProgramEvent, ScanCodePushEvent, ScanCodeWaitMsgEvent, PictureMenuEvent,
        LocationSelectEvent {
}
