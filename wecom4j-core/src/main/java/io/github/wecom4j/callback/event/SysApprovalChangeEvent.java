package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

import java.util.List;

/**
 * Event {@code sys_approval_change} (doc 91815): an application in WeCom's Approval app changed
 * (submitted, approved, rejected, commented, ...; one application calls back many times).
 * {@code SpStatus}: 1 pending, 2 approved, 3 rejected, 4 revoked, 6 revoked after approval,
 * 7 deleted, 10 paid. {@code StatuChangeEvent} says what this change was. Absent or unreadable
 * numbers are null; {@code spNo} prefers {@code SpNoStr}, which the doc recommends over {@code SpNo}.
 */
public record SysApprovalChangeEvent(CallbackMessage raw, Info info) implements WeComEvent {

    /** {@code ApprovalInfo}. */
    public record Info(String spNo, String spName, Integer spStatus, String templateId, Long applyTime, String applyerUserId,
                       String applyerParty, List<Record> spRecords, List<String> notifyerUserIds, List<Comment> comments,
                       Integer statusChangeEvent) {
        public Info {
            spRecords = List.copyOf(spRecords);
            notifyerUserIds = List.copyOf(notifyerUserIds);
            comments = List.copyOf(comments);
        }
    }

    /** {@code SpRecord}: one approval node; approverAttr 1 or-sign, 2 and-sign. */
    public record Record(Integer spStatus, Integer approverAttr, List<Detail> details) {
        public Record {
            details = List.copyOf(details);
        }
    }

    /** {@code SpRecord/Details}: one approver's status, comment ({@code Speech}) and time (0 = not yet). */
    public record Detail(String approverUserId, String speech, Integer spStatus, Long spTime) {
    }

    /** {@code Comments}: a comment added to the application. */
    public record Comment(String userId, Long commentTime, String content, String commentId) {
    }
}
