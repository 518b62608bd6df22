package io.github.wecom4j.contact;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The job files' cells: spreadsheet formulas defused, phone numbers with a country code left as WeCom must read them. */
class ContactCsvTest {

    @Test
    void aPhoneNumberKeepsItsPlusAndAFormulaIsDefused() {
        String csv = new String(ContactCsv.members(List.of(
                Member.builder("intl", "=HYPERLINK(\"http://evil.example\")").department(2).mobile("+86 13800000009")
                        .telephone("+44 20-7946-0000").build(),
                Member.builder("plus", "+SUM(A1)").department(2).email("plus@corp.example").build())), StandardCharsets.UTF_8);
        assertThat(csv).contains(",+86 13800000009,", ",+44 20-7946-0000,")
                .contains("\"'=HYPERLINK(\"\"http://evil.example\"\")\"", "'+SUM(A1)")
                .doesNotContain("'+86", "'+44");
    }

    @Test
    void callersCanTellWhichValuesTheFileWouldNotCarryAsGiven() {
        assertThat(ContactCsv.defused("=1+1")).isTrue();
        assertThat(ContactCsv.defused("@home")).isTrue();
        assertThat(ContactCsv.defused("+SUM(A1)")).isTrue();
        assertThat(ContactCsv.defused("+86 13800000009")).isFalse();
        assertThat(ContactCsv.defused("Zhang San")).isFalse();
        assertThat(ContactCsv.defused("")).isFalse();
        assertThat(ContactCsv.defused(null)).isFalse();
    }
}
