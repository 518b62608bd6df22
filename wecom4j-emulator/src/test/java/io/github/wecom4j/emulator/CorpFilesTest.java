package io.github.wecom4j.emulator;

import io.github.wecom4j.emulator.corp.CorpFiles;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.corp.EmulatedCorp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorpFilesTest {

    @Test
    void aCorpRoundTripsThroughAFileAndServesItsOwnData(@TempDir Path dir) {
        Path file = dir.resolve("corp.json");
        CorpFiles.save(DemoCorp.create(), file);
        EmulatedCorp loaded = CorpFiles.load(file);
        assertThat(loaded).isEqualTo(DemoCorp.create());

        try (WeComEmulator emulator = WeComEmulator.builder().corp(loaded).start()) {
            RawHttp http = new RawHttp(emulator);
            String token = http.token(loaded.corpId(), loaded.contactsSecret());
            assertThat(http.get("/cgi-bin/user/get?userid=zhaoliu&access_token=" + token).json().path("name").asString())
                    .isEqualTo("赵六");
        }
    }

    @Test
    void anInconsistentCorpFileIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("corp.json");
        Files.writeString(file, """
                {"corpId":"wwX","name":"x","contactsSecret":"s","apps":[],
                 "departments":[{"id":1,"name":"root","parentId":0,"order":1}],
                 "members":[{"userId":"a","name":"A","departments":[7],"mainDepartment":7,"status":1}]}
                """);
        assertThatThrownBy(() -> CorpFiles.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown department 7");
    }
}
