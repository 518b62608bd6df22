package io.github.wecom4j.media;

import com.sun.net.httpserver.HttpServer;
import io.github.wecom4j.TestClients;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.emulator.junit.WeComEmulatorTest;
import io.github.wecom4j.emulator.media.UrlUploads;
import io.github.wecom4j.error.WeComException;
import io.github.wecom4j.error.WeComValidationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code media/get/jssdk} (JS-SDK voices in speex 16 kHz) and {@code media/upload_by_url} (a job
 * WeCom works on its own, polled with {@code get_upload_by_url_result}), over real HTTP with the
 * emulator; the file WeCom downloads is served by a real HTTP server; the job's time runs on the
 * emulator's virtual clock.
 */
@WeComEmulatorTest
class LargeAndHdMediaTest {

    private static final byte[] VIDEO = "....ftypmp42 a small but real-looking mp4 body".getBytes(StandardCharsets.ISO_8859_1);
    private HttpServer files;

    @BeforeEach
    void serveFiles() throws IOException {
        files = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        files.createContext("/cdn/welcome.mp4", x -> {
            x.sendResponseHeaders(200, VIDEO.length);
            x.getResponseBody().write(VIDEO);
            x.close();
        });
        files.createContext("/cdn/gone.mp4", x -> {
            x.sendResponseHeaders(404, -1);
            x.close();
        });
        files.start();
    }

    @AfterEach
    void stopFiles() {
        files.stop(0);
    }

    private URI file(String path) {
        return URI.create("http://127.0.0.1:" + files.getAddress().getPort() + path);
    }

    private static MediaService media(WeComEmulator emulator) {
        return TestClients.demoClient(emulator).app(DemoCorp.APPROVALS_AGENT_ID).media();
    }

    @Test
    void aJsSdkVoiceComesInSpeexAndOtherMediaDoNot(WeComEmulator emulator) {
        MediaService media = media(emulator);
        byte[] amr = "#!AMR\n8k narrow band".getBytes(StandardCharsets.ISO_8859_1);
        byte[] speex = "Speex   16k wide band recording".getBytes(StandardCharsets.ISO_8859_1);
        String id = emulator.media().storeJsSdkVoice("voice.amr", amr, speex).id();

        MediaFile hd = media.downloadJsSdkVoice(id);
        assertThat(hd.content()).isEqualTo(speex);
        assertThat(hd.contentType()).isEqualTo("voice/speex");
        assertThat(media.download(id).content()).as("media/get: the AMR copy").isEqualTo(amr);

        String plain = media.upload(MediaKind.FILE, "notes.txt", "not a voice at all".getBytes(StandardCharsets.UTF_8)).mediaId();
        assertThatThrownBy(() -> media.downloadJsSdkVoice(plain))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(40007));
        emulator.clock().advance(Duration.ofDays(3));
        assertThatThrownBy(() -> media.downloadJsSdkVoice(id)).as("3 days, like every temporary media")
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(40007));
        assertThatThrownBy(() -> media.downloadJsSdkVoice(" ")).isInstanceOf(WeComValidationException.class);
    }

    @Test
    void anUploadByUrlJobIsProcessingThenDoneWithAMediaIdThatDownloads(WeComEmulator emulator) throws Exception {
        MediaService media = media(emulator);
        String job = media.uploadByUrl(new UploadByUrl(UploadByUrl.WELCOME_MATERIAL, MediaKind.VIDEO, "welcome.mp4",
                file("/cdn/welcome.mp4"), md5(VIDEO)));
        assertThat(job).isNotBlank();
        UploadJob before = media.uploadByUrlResult(job);
        assertThat(before.status()).isEqualTo(UploadJob.PROCESSING);
        assertThat(before.finished()).isFalse();

        emulator.clock().advance(UrlUploads.PROCESSING_TIME);
        UploadJob done = media.uploadByUrlResult(job);
        assertThat(done.succeeded()).as(done.toString()).isTrue();
        assertThat(done.createdAt()).isNotNull();
        assertThat(media.download(done.mediaId()).content()).isEqualTo(VIDEO);
    }

    @Test
    void aJobFailsWithTheReasonWhenTheFileIsMissingOrDiffersFromItsMd5(WeComEmulator emulator) throws Exception {
        MediaService media = media(emulator);
        String missing = media.uploadByUrl(new UploadByUrl(1, MediaKind.FILE, "gone.mp4", file("/cdn/gone.mp4"), md5(VIDEO)));
        String tampered = media.uploadByUrl(new UploadByUrl(1, MediaKind.VIDEO, "welcome.mp4", file("/cdn/welcome.mp4"),
                md5("another file".getBytes(StandardCharsets.UTF_8))));
        emulator.clock().advance(UrlUploads.PROCESSING_TIME);
        UploadJob a = media.uploadByUrlResult(missing);
        assertThat(a.status()).isEqualTo(UploadJob.FAILED);
        assertThat(a.errmsg()).contains("404");
        UploadJob b = media.uploadByUrlResult(tampered);
        assertThat(b.status()).isEqualTo(UploadJob.FAILED);
        assertThat(b.errcode()).isEqualTo(40058);
        assertThat(b.errmsg()).contains("md5");
        assertThat(b.mediaId()).isNull();
    }

    @Test
    void whatWeComRefusesIsRefusedBeforeSendingAndByTheEmulator(WeComEmulator emulator) {
        MediaService media = media(emulator);
        URI url = file("/cdn/welcome.mp4");
        assertThatThrownBy(() -> new UploadByUrl(1, MediaKind.IMAGE, "a.png", url, md5(VIDEO)))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40005));
        assertThatThrownBy(() -> new UploadByUrl(2, MediaKind.FILE, "a.bin", url, md5(VIDEO)))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40058));
        assertThatThrownBy(() -> new UploadByUrl(1, MediaKind.FILE, "a.bin", URI.create("ftp://x/a.bin"), md5(VIDEO)))
                .isInstanceOf(WeComValidationException.class);
        assertThatThrownBy(() -> new UploadByUrl(1, MediaKind.FILE, "a.bin", url, "not-an-md5"))
                .isInstanceOf(WeComValidationException.class);
        assertThatThrownBy(() -> new UploadByUrl(1, MediaKind.VIDEO, "clip.avi", url, md5(VIDEO)))
                .isInstanceOfSatisfying(WeComValidationException.class, e -> assertThat(e.errcode()).isEqualTo(40004));
        // a job id that is not this app's (or not at all) is refused by WeCom
        assertThatThrownBy(() -> media.uploadByUrlResult("no-such-job"))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(40058));
        String job = media.uploadByUrl(new UploadByUrl(1, MediaKind.FILE, "welcome.mp4", url, md5(VIDEO)));
        MediaService otherApp = TestClients.demoClient(emulator).app(DemoCorp.NOTICES_AGENT_ID).media();
        assertThatThrownBy(() -> otherApp.uploadByUrlResult(job))
                .isInstanceOfSatisfying(WeComException.class, e -> assertThat(e.errcode()).isEqualTo(40058));
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
