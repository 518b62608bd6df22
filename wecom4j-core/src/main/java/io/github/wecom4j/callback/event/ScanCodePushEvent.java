package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** Event {@code scancode_push}: a {@code scancode_push} button scanned a code; the client acts on it itself. */
public record ScanCodePushEvent(CallbackMessage raw, ScanCode scan) implements MenuEvent {
}
