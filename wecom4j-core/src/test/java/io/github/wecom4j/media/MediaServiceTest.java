package io.github.wecom4j.media;

import io.github.wecom4j.TestClients;
import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Temporary media, permanent images and the durable handle, over real HTTP with the emulator. */
@WeComEmulatorTest
class MediaServiceTest {

    private static final byte[] PNG = "\u0089PNG fake image bytes for the emulator".getBytes(StandardCharsets.ISO_8859_1);

    private static MediaService media(WeComEmulator emulator) {
        WeComClient client = TestClients.demoClient(emulator);
        return client.app(DemoCorp.APPROVALS_AGENT_ID).media();
    }

    @Test
    void anUploadDownloadsAsTheSameBytesForThreeDays(WeComEmulator emulator) {
        MediaService media = media(emulator);
        UploadedMedia up = media.upload(MediaKind.FILE, "报销单.pdf", "a pdf of sorts".getBytes(StandardCharsets.UTF_8));
        assertThat(up.mediaId()).isNotBlank();
        assertThat(up.expiresAt()).isEqualTo(up.createdAt().plus(Duration.ofDays(3)));

        MediaFile file = media.download(up.mediaId());
        assertThat(new String(file.content(), StandardCharsets.UTF_8)).isEqualTo("a pdf of sorts");
        assertThat(file.filename()).isEqualTo("报销单.pdf");

        emulator.clock().advance(Duration.ofDays(3));
        assertThatThrownBy(() -> media.download(up.mediaId()))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(40007));
    }

    /**
     * An answer saying ok without the media_id or url (a proxy that mangled it) is a failure, not an
     * empty handle: kept, "" would be served as a media_id for three days.
     */
    @Test
    void anOkWithoutTheIdIsAFailureNotAnEmptyHandle(WeComEmulator emulator) {
        MediaService media = media(emulator);
        emulator.faults().bareAnswerNext(1, "/cgi-bin/media/upload");
        assertThatThrownBy(() -> media.upload(MediaKind.IMAGE, "logo.png", PNG))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(WeComException.TRANSPORT_FAILURE));
        emulator.faults().bareAnswerNext(1, "/cgi-bin/media/uploadimg");
        assertThatThrownBy(() -> media.uploadImage("logo.png", PNG))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(WeComException.TRANSPORT_FAILURE));
        assertThat(media.upload(MediaKind.IMAGE, "logo.png", PNG).mediaId()).as("the next answer is whole").isNotEmpty();
    }

    @Test
    void aJsonFileDownloadsAsAFileNotAsAnError(WeComEmulator emulator) {
        MediaService media = media(emulator);
        byte[] json = "{\"errcode\":0,\"data\":[1,2,3]}".getBytes(StandardCharsets.UTF_8);
        byte[] text = "plain text notes".getBytes(StandardCharsets.UTF_8);
        assertThat(media.download(media.upload(MediaKind.FILE, "export.json", json).mediaId()).content()).isEqualTo(json);
        assertThat(media.download(media.upload(MediaKind.FILE, "notes.txt", text).mediaId()).content()).isEqualTo(text);
    }

    @Test
    void whatWeComWouldRefuseIsRefusedBeforeSending(WeComEmulator emulator) {
        MediaService media = media(emulator);
        assertThatThrownBy(() -> media.upload(MediaKind.IMAGE, "a.png", new byte[0]))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(44001));
        assertThatThrownBy(() -> media.upload(MediaKind.IMAGE, "a.png", new byte[5]))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40006));
        assertThatThrownBy(() -> media.upload(MediaKind.VOICE, "a.mp3", new byte[100]))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40004));
        assertThatThrownBy(() -> media.upload(MediaKind.VOICE, "a.amr", new byte[(2 << 20) + 1]))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(45001));
        assertThatThrownBy(() -> media.uploadImage("big.png", new byte[(2 << 20) + 1]))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(45001));
        assertThat(emulator.counters().snapshot()).isEmpty();
    }

    @Test
    void uploadimgGivesAPermanentUrl(WeComEmulator emulator) throws Exception {
        URI url = media(emulator).uploadImage("logo.png", PNG);
        emulator.clock().advance(Duration.ofDays(30));
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(PNG);
    }

    @Test
    void aDurableHandleUploadsOncePerThreeDays(WeComEmulator emulator) {
        DurableMedia logo = new DurableMedia(media(emulator), MediaKind.IMAGE, "logo.png", PNG, emulator.clock());
        String first = logo.mediaId();
        assertThat(logo.mediaId()).isEqualTo(first);
        assertThat(emulator.counters().calls("/cgi-bin/media/upload")).isEqualTo(1);

        emulator.clock().advance(Duration.ofDays(3).minusMinutes(30));
        String second = logo.mediaId();
        assertThat(second).isNotEqualTo(first);
        // (the upload call count also holds the one refused with 42001: the token expired too)
        assertThat(emulator.media().size()).isEqualTo(2);
        assertThat(media(emulator).download(second).content()).isEqualTo(PNG);
    }

    @Test
    void aDurableHandleRecoversWhenWeComLostTheMedia(WeComEmulator emulator) {
        MediaService media = media(emulator);
        DurableMedia logo = new DurableMedia(media, MediaKind.IMAGE, "logo.png", PNG, emulator.clock());
        logo.mediaId();
        emulator.media().reset();

        byte[] fetched = logo.withMediaId(id -> media.download(id).content());
        assertThat(fetched).isEqualTo(PNG);
        assertThat(emulator.counters().calls("/cgi-bin/media/upload")).isEqualTo(2);
        assertThat(emulator.media().size()).isEqualTo(1);
        assertThat(emulator.counters().get("errors 40007")).isEqualTo(1);
    }
}
