package io.github.wecom4j.emulator.contact;

/**
 * Who changed the directory. WeCom routes change_contact callbacks by it (doc 96301): changes by
 * an administrator or a member are announced to the contacts-sync event server, changes made
 * through the contacts-sync API itself (and the jobs it started) are not, since the caller knows.
 */
public enum Origin {
    ADMIN,
    CONTACTS_SYNC_API,
    APP_API,
    BATCH_JOB;

    public boolean announced() {
        return this == ADMIN;
    }
}
