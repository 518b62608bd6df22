package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

import java.util.List;

/**
 * Event {@code open_approval_change} (doc 90269): an approval started through the app's own approval
 * flow ({@code ThirdNo}) changed state. {@code OpenSpStatus}: 1 pending, 2 approved, 3 rejected,
 * 4 revoked, ... Absent or unreadable numbers are null.
 */
public record OpenApprovalChangeEvent(CallbackMessage raw, Info info) implements WeComEvent {

    /** {@code ApprovalInfo}. */
    public record Info(String thirdNo, String openSpName, String openTemplateId, Integer openSpStatus, Long applyTime,
                       String applyUserName, String applyUserId, String applyUserParty, String applyUserImage,
                       List<Node> approvalNodes, List<Person> notifyNodes, Integer approverStep) {
        public Info {
            approvalNodes = List.copyOf(approvalNodes);
            notifyNodes = List.copyOf(notifyNodes);
        }
    }

    /** {@code ApprovalNodes/ApprovalNode}: status, attribute (1 or-sign, 2 and-sign), type, and its approvers. */
    public record Node(Integer nodeStatus, Integer nodeAttr, Integer nodeType, List<Approver> items) {
        public Node {
            items = List.copyOf(items);
        }
    }

    /** {@code Items/Item}: one approver with their status, comment and time (0 = not yet). */
    public record Approver(String itemName, String itemUserId, String itemImage, Integer itemStatus, String itemSpeech,
                           Long itemOpTime) {
    }

    /** {@code NotifyNodes/NotifyNode}: someone notified of the approval. */
    public record Person(String itemName, String itemUserId, String itemImage) {
    }
}
