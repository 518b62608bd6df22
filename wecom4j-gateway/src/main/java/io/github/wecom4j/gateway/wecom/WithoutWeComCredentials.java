package io.github.wecom4j.gateway.wecom;

import io.github.wecom4j.spring.WeComCredentialsCondition;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code wecom.corp-id} is unset or blank: the first-run, emulated mode. */
final class WithoutWeComCredentials implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return !WeComCredentialsCondition.configured(context.getEnvironment());
    }
}
