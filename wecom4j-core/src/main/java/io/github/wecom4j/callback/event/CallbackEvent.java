package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/**
 * A decrypted callback as a typed value: what a member sent ({@link InboundMessage}) or what
 * happened ({@link WeComEvent}). Every type keeps the untyped {@link #raw()} message, so any field
 * WeCom adds later is still there, and parsing never fails on a type it does not know: unknown
 * message types become {@link InboundOtherMessage}, unknown events {@link OtherEvent}.
 *
 * <p>Parse with {@link CallbackEvents#of(CallbackMessage)}; match with a {@code switch} over the
 * sealed types or with {@link CallbackRouter}.
 */
public sealed interface CallbackEvent permits InboundMessage, WeComEvent {

    /** The message as received: every field, and WeCom's dedupe key. */
    CallbackMessage raw();

    /**
     * What subscriptions and logs call this callback: the {@code MsgType} of a message
     * ({@code text}, {@code image}, ...) or the {@code Event} of an event ({@code click},
     * {@code template_card_event}, {@code change_contact}, ...).
     */
    String type();

    /** ToUserName: the corp id for a self-built app. */
    default String corpId() {
        return raw().toUserName();
    }

    /** FromUserName: a member's userid, or {@code sys} for system events. */
    default String fromUser() {
        return raw().fromUserName();
    }

    default long createTime() {
        return raw().createTime();
    }

    /** The app's agentid; null for corp-level events that carry none (change_contact, batch_job_result). */
    default Integer agentId() {
        return raw().agentId();
    }

    /** Identifies a delivery across WeCom's retries (see {@link CallbackMessage#dedupeKey()}). */
    default String dedupeKey() {
        return raw().dedupeKey();
    }
}
