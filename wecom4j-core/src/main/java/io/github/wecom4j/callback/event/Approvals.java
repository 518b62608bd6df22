package io.github.wecom4j.callback.event;

/** The {@code ApprovalInfo} of open_approval_change (doc 90269) and sys_approval_change (doc 91815). */
final class Approvals {

    private Approvals() {
    }

    static OpenApprovalChangeEvent.Info open(Fields a) {
        return new OpenApprovalChangeEvent.Info(a.text("ThirdNo"), a.text("OpenSpName"), a.text("OpenTemplateId"),
                a.integer("OpenSpStatus"), a.longValue("ApplyTime"), a.text("ApplyUserName"), a.text("ApplyUserId"),
                a.text("ApplyUserParty"), a.text("ApplyUserImage"),
                a.nested("ApprovalNodes").each("ApprovalNode", node -> new OpenApprovalChangeEvent.Node(
                        node.integer("NodeStatus"), node.integer("NodeAttr"), node.integer("NodeType"),
                        node.nested("Items").each("Item", item -> new OpenApprovalChangeEvent.Approver(item.text("ItemName"),
                                item.text("ItemUserId"), item.text("ItemImage"), item.integer("ItemStatus"),
                                item.text("ItemSpeech"), item.longValue("ItemOpTime"))))),
                a.nested("NotifyNodes").each("NotifyNode", n -> new OpenApprovalChangeEvent.Person(n.text("ItemName"),
                        n.text("ItemUserId"), n.text("ItemImage"))),
                a.integer("approverstep"));
    }

    /** Each {@code Notifyer} holds one {@code UserId}; the element repeats per person. */
    private static java.util.List<String> notifyers(Fields a) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (Fields n : a.each("Notifyer")) {
            out.addAll(n.textsOf("UserId"));
        }
        return out;
    }

    static SysApprovalChangeEvent.Info sys(Fields a) {
        String spNo = a.optional("SpNoStr") != null ? a.optional("SpNoStr") : a.text("SpNo");
        Fields applyer = a.nested("Applyer");
        return new SysApprovalChangeEvent.Info(spNo, a.text("SpName"), a.integer("SpStatus"), a.text("TemplateId"),
                a.longValue("ApplyTime"), applyer.text("UserId"), applyer.text("Party"),
                a.each("SpRecord", r -> new SysApprovalChangeEvent.Record(r.integer("SpStatus"), r.integer("ApproverAttr"),
                        r.each("Details", d -> new SysApprovalChangeEvent.Detail(d.nested("Approver").text("UserId"),
                                d.text("Speech"), d.integer("SpStatus"), d.longValue("SpTime"))))),
                notifyers(a),
                a.each("Comments", c -> new SysApprovalChangeEvent.Comment(c.nested("CommentUserInfo").text("UserId"),
                        c.longValue("CommentTime"), c.text("CommentContent"), c.text("CommentId"))),
                a.integer("StatuChangeEvent"));
    }
}
