package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/**
 * Event {@code scancode_waitmsg}: a {@code scancode_waitmsg} button scanned a code and the client
 * shows "receiving" until the app answers (passive reply or message).
 */
public record ScanCodeWaitMsgEvent(CallbackMessage raw, ScanCode scan) implements MenuEvent {
}
