package io.github.wecom4j.contact;

import io.github.wecom4j.WeComApi;

/**
 * The directory (通讯录), one small service per resource:
 *
 * <pre>{@code
 * Contacts contacts = wecom.contacts();
 * long qa = contacts.departments().create(NewDepartment.of("QA", 2));
 * contacts.members().create(Member.builder("qianjiu", "钱九").department(qa).email("q@corp.example").build());
 * contacts.members().listIds().forEach(row -> ...);          // lazily, page by page
 * TagChange c = contacts.tags().add(tagId, List.of("lisi", "ghost"), List.of());   // c.invalidUserIds() = [ghost]
 * String job = contacts.jobs().replaceUsers(rows, null);
 * }</pre>
 *
 * Writes, list_id and jobs use the contacts-sync token and fail up front, naming the setting,
 * when no contacts secret is configured; reads use the contacts-sync token, or an app's when
 * reached through {@code WeComApp#contacts()}.
 */
public final class Contacts {

    private final Departments departments;
    private final Members members;
    private final Tags tags;
    private final ContactJobs jobs;

    public Contacts(WeComApi contactsSync, WeComApi reader) {
        ContactsCredentials credentials = new ContactsCredentials(contactsSync, reader);
        this.departments = new Departments(credentials);
        this.members = new Members(credentials);
        this.tags = new Tags(credentials);
        this.jobs = new ContactJobs(credentials);
    }

    public Departments departments() {
        return departments;
    }

    public Members members() {
        return members;
    }

    public Tags tags() {
        return tags;
    }

    public ContactJobs jobs() {
        return jobs;
    }
}
