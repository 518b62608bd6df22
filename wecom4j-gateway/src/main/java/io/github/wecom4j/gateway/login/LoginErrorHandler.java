package io.github.wecom4j.gateway.login;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refused login steps as {@code {errcode, errmsg, hint}}, like every other gateway error. */
@RestControllerAdvice(assignableTypes = LoginController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class LoginErrorHandler {

    record LoginErrorBody(int errcode, String errmsg, String hint) {
    }

    @ExceptionHandler(LoginRefusedException.class)
    ResponseEntity<LoginErrorBody> refused(LoginRefusedException e) {
        return ResponseEntity.status(e.status()).body(new LoginErrorBody(e.errcode(), e.getMessage(), e.hint()));
    }
}
