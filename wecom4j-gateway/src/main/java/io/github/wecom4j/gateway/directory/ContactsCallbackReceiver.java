package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.callback.CallbackReceiver;

import java.util.Optional;

/** The contacts event server's receiver, when a Token and EncodingAESKey are configured. */
record ContactsCallbackReceiver(Optional<CallbackReceiver> receiver, String token, String aesKey) {
}
