package io.github.wecom4j.benchmarks.versus;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.emulator.corp.DemoCorp;
import io.github.wecom4j.jssdk.JsSdk;
import io.github.wecom4j.jssdk.JsSdkSignature;
import io.github.wecom4j.jssdk.WxConfig;
import me.chanjar.weixin.common.bean.WxJsapiSignature;
import me.chanjar.weixin.cp.api.WxCpService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;

/**
 * One signed {@code wx.config} payload per page load:
 * <ul>
 *   <li>{@code bareSha1}: SHA-1 and lower-case hex of an already-built string to sign, the very
 *   string {@code wecom4jSignature} signs (same ticket, nonce, timestamp and URL, so the same
 *   length): its UTF-8 bytes, a reused digest, hex by the same table into a String as the SDK's:
 *   the floor any implementation pays. (It used {@code HexFormat} before, which is not the SDK's
 *   encoding; the comparison now differs only in how the bytes reach the digest.)</li>
 *   <li>{@code wecom4jSignature}: {@code JsSdkSignature.sign} with the same ticket, nonce, timestamp
 *   and URL: building the string, SHA-1, hex (the row "within 1.2x of bare SHA-1");</li>
 *   <li>{@code wecom4j}: {@code jssdk.config(url)}: URL check, cached ticket, clock, CSPRNG nonce,
 *   string, SHA-1, hex, the payload record;</li>
 *   <li>{@code wxJava}: {@code createJsapiSignature(url)}: cached ticket, clock, nonce, sorted
 *   string, SHA-1 (commons-codec), the payload bean.</li>
 * </ul>
 * Both tickets come from the same in-process emulator once in setup; the teardown fails the run if
 * either hot path fetched again.
 * {@code java -jar benchmarks/target/benchmarks.jar JsSdkSignatureVersus}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 6, time = 2)
@Fork(2)
public class JsSdkSignatureVersus {

    static final String PAGE = "http://localhost:8080/jssdk.html?from=menu&id=42";

    private WeComEmulator emulator;
    private WeComClient client;
    private JsSdk jssdk;
    private WxCpService wx;
    private MessageDigest sha1;
    private String stringToSign;
    private String ticket;
    private WxConfig sample;

    @Setup
    public void setUp() throws Exception {
        emulator = WeComEmulator.builder().start();
        client = Contenders.wecom4j(emulator.baseUri(), b -> b);
        jssdk = client.app(DemoCorp.APPROVALS_AGENT_ID).jssdk();
        WxConfig ours = jssdk.config(PAGE);
        wx = Contenders.wxJava(emulator.baseUri(), DemoCorp.APPROVALS_SECRET, DemoCorp.APPROVALS_AGENT_ID);
        wx.createJsapiSignature(PAGE);
        sha1 = MessageDigest.getInstance("SHA-1");
        // Same length as what the SDK signs: the real ticket, a 16-char nonce, a 10-digit timestamp.
        ticket = wx.getJsapiTicket();
        sample = ours;
        stringToSign = JsSdkSignature.stringToSign(ticket, ours.nonceStr(), ours.timestamp(), PAGE);
        if (!bareSha1().equals(wecom4jSignature())) {
            throw new IllegalStateException("the bare SHA-1 and the SDK do not hash the same string");
        }
    }

    @TearDown
    public void tearDown() {
        long ticketCalls = emulator.counters().calls("/cgi-bin/get_jsapi_ticket");
        client.close();
        emulator.close();
        if (ticketCalls != 2) {
            throw new IllegalStateException("a hot path fetched tickets: " + ticketCalls + " ticket calls");
        }
    }

    @Benchmark
    public String bareSha1() {
        return hex(sha1.digest(stringToSign.getBytes(StandardCharsets.UTF_8)));
    }

    private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    /** The SDK's encoding ({@code JsSdkSignature}): lower-case hex by table into a Latin-1 String. */
    static String hex(byte[] digest) {
        byte[] out = new byte[2 * digest.length];
        for (int i = 0; i < digest.length; i++) {
            out[2 * i] = HEX_DIGITS[(digest[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX_DIGITS[digest[i] & 0xf];
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    @Benchmark
    public String wecom4jSignature() {
        return JsSdkSignature.sign(ticket, sample.nonceStr(), sample.timestamp(), PAGE);
    }

    @Benchmark
    public WxConfig wecom4j() {
        return jssdk.config(PAGE);
    }

    @Benchmark
    public WxJsapiSignature wxJava() throws Exception {
        return wx.createJsapiSignature(PAGE);
    }
}
