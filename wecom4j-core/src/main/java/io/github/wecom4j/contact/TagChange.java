package io.github.wecom4j.contact;

import java.util.List;

/**
 * What addtagusers / deltagusers could not apply (docs 90214, 90215): WeCom answers errcode 0
 * and lists the members ({@code invalidlist}) and departments ({@code invalidparty}) it skipped.
 * The SDK hands them back instead of dropping them.
 */
public record TagChange(List<String> invalidUserIds, List<Long> invalidDepartmentIds) {
    public TagChange {
        invalidUserIds = List.copyOf(invalidUserIds);
        invalidDepartmentIds = List.copyOf(invalidDepartmentIds);
    }

    /** True when WeCom applied every member and department given. */
    public boolean complete() {
        return invalidUserIds.isEmpty() && invalidDepartmentIds.isEmpty();
    }
}
