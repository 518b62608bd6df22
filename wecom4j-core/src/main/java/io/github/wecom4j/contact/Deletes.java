package io.github.wecom4j.contact;

import io.github.wecom4j.WeComApi;
import io.github.wecom4j.error.WeComException;

import java.util.Map;
import java.util.Set;

/**
 * WeCom's directory deletes are GETs ({@code user/delete}, {@code department/delete},
 * {@code tag/delete}). Repeated after an answer that was lost on the way back, a delete WeCom did
 * perform answers "not found", which the caller took for a failed delete. So a delete is sent once,
 * and if its answer may have been lost it is asked again, where "not found" means done.
 */
final class Deletes {

    private Deletes() {
    }

    static void delete(WeComApi api, String path, Map<String, String> query, Set<Integer> notFound) {
        try {
            api.getOnce(path, query);
        } catch (WeComException e) {
            if (!e.mayHaveBeenProcessed()) {
                throw e;
            }
            try {
                api.get(path, query);
            } catch (WeComException again) {
                if (!notFound.contains(again.errcode())) {
                    throw again;
                }
            }
        }
    }
}
