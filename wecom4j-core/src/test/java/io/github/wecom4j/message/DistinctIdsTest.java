package io.github.wecom4j.message;

import io.github.wecom4j.error.WeComValidationException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Recipient ids deduplicated once, first occurrence kept, checked once, slices alike. */
class DistinctIdsTest {

    @Test
    void keepsTheFirstOccurrenceInOrderAndBehavesAsAnImmutableList() {
        List<String> ids = DistinctIds.of(Arrays.asList("b", "a", "b", "c", "a"));
        assertThat(ids).containsExactly("b", "a", "c");
        assertThat(ids).isEqualTo(List.of("b", "a", "c")).hasSameHashCodeAs(List.of("b", "a", "c"));
        assertThat(DistinctIds.of(ids)).isSameAs(ids);
        assertThatThrownBy(() -> ids.add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(ids.subList(1, 3)).containsExactly("a", "c");
        assertThatThrownBy(() -> ids.get(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void manyIdsWithCollidingHashesAreAllKeptOnce() {
        // "Aa" and "BB" share a hash code; so do all their concatenations.
        List<String> ids = new ArrayList<>();
        for (String a : List.of("Aa", "BB")) {
            for (String b : List.of("Aa", "BB")) {
                for (String c : List.of("Aa", "BB")) {
                    ids.add(a + b + c);
                }
            }
        }
        List<String> twice = new ArrayList<>(ids);
        twice.addAll(ids);
        assertThat(DistinctIds.of(twice)).containsExactlyElementsOf(ids);
        List<Long> numbers = new ArrayList<>();
        for (long i = 0; i < 5000; i++) {
            numbers.add(i % 1234);
        }
        assertThat(DistinctIds.of(numbers)).hasSize(1234).startsWith(0L, 1L).endsWith(1233L);
    }

    @Test
    void nullIdsAreRefusedWith40035() {
        assertThatThrownBy(() -> DistinctIds.of(Arrays.asList("a", null)))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40035));
    }

    @Test
    void anInvalidUseridIsFoundInEverySliceAndAValidListIsRememberedAsValid() {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            users.add("user" + i);
        }
        users.add("@all");
        Recipients bad = Recipients.users(users);
        assertThat(DistinctIds.firstInvalidUserId(bad.users())).isEqualTo("@all");
        assertThat(DistinctIds.firstInvalidUserId(bad.users().subList(1000, 1501))).isEqualTo("@all");
        assertThatThrownBy(bad::batches)
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40003));

        Recipients good = Recipients.users(users.subList(0, 1500));
        assertThat(DistinctIds.firstInvalidUserId(good.users())).isNull();
        for (Recipients batch : good.batches()) {
            assertThat(DistinctIds.firstInvalidUserId(batch.users())).isNull();
            batch.requireOneCall();
        }
    }
}
