package io.github.wecom4j.gateway.login;

import org.springframework.http.HttpStatus;

/**
 * A login step the gateway refuses, with the status, WeCom-style errcode and hint the browser
 * gets as {@code {errcode, errmsg, hint}}. Never carries a code, a ticket or a state value.
 */
final class LoginRefusedException extends RuntimeException {

    private final HttpStatus status;
    private final int errcode;
    private final String hint;

    LoginRefusedException(HttpStatus status, int errcode, String message, String hint) {
        super(message, null, false, false);
        this.status = status;
        this.errcode = errcode;
        this.hint = hint;
    }

    static LoginRefusedException badRequest(int errcode, String message, String hint) {
        return new LoginRefusedException(HttpStatus.BAD_REQUEST, errcode, message, hint);
    }

    HttpStatus status() {
        return status;
    }

    int errcode() {
        return errcode;
    }

    String hint() {
        return hint;
    }
}
