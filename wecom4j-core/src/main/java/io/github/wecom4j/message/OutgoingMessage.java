package io.github.wecom4j.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A message, its audience and options, before it is split into {@link MessageCall}s. */
public record OutgoingMessage(Recipients to, Message message, SendOptions options) {

    public OutgoingMessage {
        Objects.requireNonNull(to, "recipients");
        Objects.requireNonNull(message, "message");
        options = options == null ? SendOptions.DEFAULT : options;
    }

    public static OutgoingMessage of(Recipients to, Message message) {
        return new OutgoingMessage(to, message, SendOptions.DEFAULT);
    }

    public OutgoingMessage with(SendOptions options) {
        return new OutgoingMessage(to, message, options);
    }

    /** Validates everything, then splits into the fewest calls (see {@link Recipients#batches()}). */
    public List<MessageCall> calls(int agentId) {
        message.validate();
        options.validateFor(message);
        List<MessageCall> out = new ArrayList<>();
        for (Recipients batch : to.batches()) {
            out.add(new MessageCall(agentId, batch, message, options));
        }
        return out;
    }
}
