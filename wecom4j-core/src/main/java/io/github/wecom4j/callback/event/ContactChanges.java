package io.github.wecom4j.callback.event;

import io.github.wecom4j.callback.CallbackMessage;

/** The change_contact family by ChangeType (doc 90970, 90971, 90972). */
final class ContactChanges {

    private ContactChanges() {
    }

    static ChangeContactEvent of(CallbackMessage m, Fields f) {
        String changeType = m.fields().getOrDefault("ChangeType", "");
        return switch (changeType) {
            case "create_user" -> new UserCreated(m, user(f));
            case "update_user" -> new UserUpdated(m, user(f), f.optional("NewUserID"));
            case "delete_user" -> new UserDeleted(m, f.text("UserID"));
            case "create_party" -> new DepartmentCreated(m, f.longValue("Id"), f.text("Name"), f.longValue("ParentId"),
                    f.longValue("Order"));
            case "update_party" -> new DepartmentUpdated(m, f.longValue("Id"), f.text("Name"), f.longValue("ParentId"));
            case "delete_party" -> new DepartmentDeleted(m, f.longValue("Id"));
            case "update_tag" -> new TagMembersUpdated(m, f.longValue("TagId"), f.csv("AddUserItems"), f.csv("DelUserItems"),
                    f.csvLongs("AddPartyItems"), f.csvLongs("DelPartyItems"));
            default -> new OtherContactChange(m);
        };
    }

    private static ChangedUser user(Fields f) {
        return new ChangedUser(f.text("UserID"), f.text("Name"), f.csvLongs("Department"), f.longValue("MainDepartment"),
                f.csvFlags("IsLeaderInDept"), f.csv("DirectLeader"), f.text("Position"), f.text("Mobile"), f.text("Gender"),
                f.text("Email"), f.text("BizMail"), f.integer("Status"), f.text("Avatar"), f.text("Alias"),
                f.text("Telephone"), f.text("Address"), f.nested("ExtAttr").each("Item", ContactChanges::extAttr));
    }

    private static ChangedUser.ExtAttr extAttr(Fields item) {
        Fields text = item.nested("Text");
        Fields web = item.nested("Web");
        Fields mini = item.nested("Miniprogram");
        String title = web.text("Title") != null ? web.text("Title") : mini.text("Title");
        // Older samples carry the text value directly as <Value> besides <Text><Value>.
        String value = text.text("Value") != null ? text.text("Value") : item.text("Value");
        return new ChangedUser.ExtAttr(item.text("Name"), item.integer("Type"), value, web.text("Url"), title,
                mini.text("Appid"), mini.text("Pagepath"));
    }
}
