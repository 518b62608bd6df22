package io.github.wecom4j.gateway.directory;

/** WeCom errcodes the mirror reacts to. */
final class ContactErrors {

    /** The contacts-sync secret from an IP first used after 2022-08-15 reads ids only (doc 96255). */
    static final int API_FORBIDDEN_NEW_IP = 48009;
    /** user/get: no such member. */
    static final int USER_NOT_FOUND = 60111;
    /** department/get: no such department. */
    static final int DEPARTMENT_NOT_FOUND = 60003;
    /** Invalid department id (WeCom answers it for ids it does not know as well). */
    static final int INVALID_DEPARTMENT = 60123;
    /** tag/get: invalid tag id. */
    static final int INVALID_TAG = 40068;

    private ContactErrors() {
    }
}
