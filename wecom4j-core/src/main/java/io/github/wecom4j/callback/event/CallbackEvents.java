package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;
import io.github.wecom4j.callback.CallbackXmlElement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a decrypted {@link CallbackMessage} into its {@link CallbackEvent} type. Never fails on
 * content: an unknown MsgType, Event or ChangeType gives the generic type of its family, and absent
 * fields read as null or empty.
 */
public final class CallbackEvents {

    /**
     * The elements WeCom sends with children; {@link CallbackMessage#fields()} holds their inner
     * markup, read back here as trees. Only these are read as markup: a member's text is never.
     */
    static final Set<String> NESTED = Set.of("SelectedItems", "ScanCodeInfo", "SendPicsInfo", "SendLocationInfo",
            "BatchJob", "ApprovalInfo", "ExtAttr");

    private CallbackEvents() {
    }

    /** The typed form of a received message. */
    public static CallbackEvent of(CallbackMessage message) {
        Fields f = Fields.of(CallbackXmlElement.fromFields(message.fields(), NESTED));
        if (message instanceof CallbackMessage.UserMessage) {
            return inbound(message, f);
        }
        return event(message, f);
    }

    /** The typed form of stored fields (as {@link CallbackMessage#fields()} gave them). */
    public static CallbackEvent of(Map<String, String> fields) {
        return of(CallbackMessage.of(fields));
    }

    private static InboundMessage inbound(CallbackMessage m, Fields f) {
        return switch (m.msgType()) {
            case "text" -> new InboundText(m, nullToEmpty(f.text("Content")));
            case "image" -> new InboundImage(m, f.text("PicUrl"), f.text("MediaId"));
            case "voice" -> new InboundVoice(m, f.text("MediaId"), f.text("Format"));
            case "video" -> new InboundVideo(m, f.text("MediaId"), f.text("ThumbMediaId"));
            case "location" -> new InboundLocation(m, f.decimal("Location_X"), f.decimal("Location_Y"), f.integer("Scale"),
                    f.text("Label"), f.text("AppType"));
            case "link" -> new InboundLink(m, f.text("Title"), f.text("Description"), f.text("Url"), f.text("PicUrl"));
            default -> new InboundOtherMessage(m);
        };
    }

    private static WeComEvent event(CallbackMessage m, Fields f) {
        String event = m.fields().getOrDefault("Event", "");
        return switch (event) {
            case "subscribe" -> new SubscribeEvent(m);
            case "unsubscribe" -> new UnsubscribeEvent(m);
            case "enter_agent" -> new EnterAgentEvent(m);
            case "LOCATION" -> new LocationReportEvent(m, f.decimal("Latitude"), f.decimal("Longitude"), f.decimal("Precision"),
                    f.text("AppType"));
            case "click" -> new MenuClickEvent(m);
            case "view" -> new MenuViewEvent(m);
            case "view_miniprogram" -> new MenuMiniProgramEvent(m);
            case "scancode_push" -> new ScanCodePushEvent(m, scanCode(f));
            case "scancode_waitmsg" -> new ScanCodeWaitMsgEvent(m, scanCode(f));
            case "pic_sysphoto" -> new PicSysPhotoEvent(m, pictures(f));
            case "pic_photo_or_album" -> new PicPhotoOrAlbumEvent(m, pictures(f));
            case "pic_weixin" -> new PicWeixinEvent(m, pictures(f));
            case "location_select" -> locationSelect(m, f);
            case "template_card_event" -> new TemplateCardEvent(m, f.text("TaskId"), f.text("CardType"),
                    f.text("ResponseCode"), f.nested("SelectedItems").each("SelectedItem",
                    item -> new TemplateCardEvent.SelectedItem(item.text("QuestionKey"),
                            item.nested("OptionIds").textsOf("OptionId"))));
            case "template_card_menu_event" -> new TemplateCardMenuEvent(m, f.text("TaskId"), f.text("CardType"),
                    f.text("ResponseCode"));
            case "change_contact" -> ContactChanges.of(m, f);
            case "batch_job_result" -> {
                Fields job = f.nested("BatchJob");
                yield new BatchJobResultEvent(m, job.text("JobId"), job.text("JobType"), job.integer("ErrCode"),
                        job.text("ErrMsg"));
            }
            case "upload_media_job_finish" -> new UploadMediaJobFinishEvent(m, f.text("JobId"));
            case "open_approval_change" -> new OpenApprovalChangeEvent(m, Approvals.open(f.nested("ApprovalInfo")));
            case "sys_approval_change" -> new SysApprovalChangeEvent(m, Approvals.sys(f.nested("ApprovalInfo")));
            case "share_agent_change" -> new ShareAgentChangeEvent(m);
            case "share_chain_change" -> new ShareChainChangeEvent(m);
            default -> new OtherEvent(m);
        };
    }

    private static ScanCode scanCode(Fields f) {
        Fields info = f.nested("ScanCodeInfo");
        return new ScanCode(info.text("ScanType"), info.text("ScanResult"));
    }

    private static List<String> pictures(Fields f) {
        List<String> sums = new ArrayList<>();
        // WeCom's samples put every <item> in one <PicList>; some captures repeat <PicList>: read both.
        for (Fields list : f.nested("SendPicsInfo").each("PicList")) {
            sums.addAll(list.textsOf("item", "PicMd5Sum"));
        }
        return sums;
    }

    private static LocationSelectEvent locationSelect(CallbackMessage m, Fields f) {
        Fields info = f.nested("SendLocationInfo");
        return new LocationSelectEvent(m, new LocationSelectEvent.SelectedLocation(info.decimal("Location_X"),
                info.decimal("Location_Y"), info.integer("Scale"), info.text("Label"), info.text("Poiname")),
                f.text("AppType"));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
