package io.github.wecom4j.message;

import io.github.wecom4j.error.WeComValidationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** WeCom's per-call limits (1000 users, 100 parties, 100 tags) and splitting into the fewest calls. */
class RecipientsTest {

    @Test
    void atAllIsNeverAcceptedAsAUserid() {
        // "@all" is message/send's "everyone": a userid list carrying it would reach the whole corp.
        assertThatThrownBy(() -> Recipients.users(List.of("lisi", "@all")).batches())
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40003));
        assertThat(Recipients.users(List.of("lisi", "wang.wu@corp", "a-b_c")).batches()).hasSize(1);
    }

    @Test
    void tenThousandUsersBecomeTenCallsOfAThousandWithNobodyLostOrRepeated() {
        List<String> users = users(10_000);
        List<Recipients> batches = Recipients.users(users).batches();
        assertThat(batches).hasSize(10).allSatisfy(b -> assertThat(b.users()).hasSize(1000));
        Set<String> seen = new HashSet<>();
        batches.forEach(b -> seen.addAll(b.users()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(users);
    }

    @Test
    void mixedAudienceUsesTheFewestCallsAllowedByTheTightestLimit() {
        Recipients r = Recipients.users(users(1500)).andParties(ids(250)).andTags(ids(30));
        List<Recipients> batches = r.batches();
        assertThat(batches).hasSize(3); // parties: 250/100 -> 3 calls; users would need only 2
        assertThat(batches.get(0).users()).hasSize(1000);
        assertThat(batches.get(1).users()).hasSize(500);
        assertThat(batches.get(2).users()).isEmpty();
        assertThat(batches.stream().mapToInt(b -> b.parties().size()).sum()).isEqualTo(250);
        assertThat(batches.get(0).tags()).hasSize(30);
        batches.forEach(Recipients::requireOneCall);
    }

    @Test
    void exactlyAtTheLimitIsOneCall() {
        assertThat(Recipients.users(users(1000)).batches()).hasSize(1);
        assertThat(Recipients.users(users(1001)).batches()).hasSize(2);
    }

    @Test
    void duplicatesAreSentOnce() {
        assertThat(Recipients.users("a", "b", "a").users()).containsExactly("a", "b");
    }

    @Test
    void everyoneIsOneCallWithAtAll() {
        List<Recipients> b = Recipients.everyone().batches();
        assertThat(b).hasSize(1);
        assertThat(b.get(0).toUserField()).isEqualTo("@all");
    }

    @Test
    void tooManyForOneCallIsRefusedWith40035() {
        assertThatThrownBy(() -> Recipients.users(users(1001)).requireOneCall())
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40035));
        assertThatThrownBy(() -> Recipients.parties(ids(101).toArray(Long[]::new)).requireOneCall())
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40035));
        assertThatThrownBy(() -> Recipients.tags(ids(101).toArray(Long[]::new)).requireOneCall())
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40035));
    }

    @Test
    void emptyAudienceIs82001AndBadUseridIs40003() {
        assertThatThrownBy(() -> Recipients.users(new String[0]).batches())
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(82001));
        assertThatThrownBy(() -> Recipients.users("bad id!").batches())
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40003));
        assertThatThrownBy(() -> Recipients.parties(0L).batches())
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40066));
    }

    static List<String> users(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("user" + i);
        }
        return out;
    }

    private static List<Long> ids(int n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }
}
