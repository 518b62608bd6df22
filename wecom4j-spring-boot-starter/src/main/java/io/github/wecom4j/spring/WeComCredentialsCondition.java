package io.github.wecom4j.spring;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code wecom.corp-id} is set to a non-blank value. (A plain
 * {@code @ConditionalOnProperty} would also match the empty value that
 * {@code corp-id: ${WECOM_CORP_ID:}} yields when the variable is unset.)
 */
public class WeComCredentialsCondition implements Condition {

    public static boolean configured(Environment environment) {
        String corpId = environment.getProperty("wecom.corp-id");
        return corpId != null && !corpId.isBlank();
    }

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return configured(context.getEnvironment());
    }
}
