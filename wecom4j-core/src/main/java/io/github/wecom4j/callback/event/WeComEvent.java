package io.github.wecom4j.callback.event;

/**
 * Something happened (doc 90240 "事件格式"): MsgType {@code event}, no MsgId. Only the events listed
 * there as allowing a reply (menu clicks, enter_agent, ...) can be answered passively; for the rest
 * WeCom ignores the body.
 */
public sealed interface WeComEvent extends CallbackEvent
        permits SubscribeEvent, UnsubscribeEvent, EnterAgentEvent, LocationReportEvent, MenuEvent,
        CardInteraction, ChangeContactEvent, BatchJobResultEvent, UploadMediaJobFinishEvent,
        OpenApprovalChangeEvent, SysApprovalChangeEvent, ShareAgentChangeEvent, ShareChainChangeEvent, OtherEvent {

    /** The {@code Event} field as sent. */
    default String event() {
        return raw().fields().getOrDefault("Event", "");
    }

    /** The {@code EventKey} field, empty when absent. */
    default String eventKey() {
        return raw().fields().getOrDefault("EventKey", "");
    }

    @Override
    default String type() {
        return event();
    }
}
