package io.github.wecom4j.gateway.login;

import io.github.wecom4j.gateway.web.ApiError;
import io.github.wecom4j.gateway.web.ErrorReplies;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Refused login steps in the gateway's error shape: {@code {errcode, errmsg, hint}} for scripts, and
 * for a person's browser (the login callback is a top-level navigation, {@code Accept: text/html})
 * a readable page that says what went wrong, with a link to start again.
 */
@RestControllerAdvice(assignableTypes = LoginController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class LoginErrorHandler {

    @ExceptionHandler(LoginRefusedException.class)
    ResponseEntity<String> refused(LoginRefusedException e, HttpServletRequest request) {
        return ErrorReplies.reply(request, e.status(), new ApiError(e.errcode(), e.getMessage(), e.hint()));
    }
}
