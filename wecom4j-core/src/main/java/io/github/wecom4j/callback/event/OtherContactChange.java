package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** change_contact with a ChangeType this version does not know: see {@link #changeType()} and {@link #raw()}. */
public record OtherContactChange(CallbackMessage raw) implements ChangeContactEvent {
}
