package io.github.wecom4j.gateway.callback.push;

import org.springframework.core.annotation.Order;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;

/** {@link PushRefused} from any endpoint (subscriptions, a message naming one) as {errcode, errmsg, hint}. */
@RestControllerAdvice
@Order(1)
class PushErrorHandler {

    @ExceptionHandler(PushRefused.class)
    ResponseEntity<Map<String, Object>> refused(PushRefused e) {
        return SubscriptionController.refusal(e);
    }
}
