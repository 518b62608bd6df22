package io.github.wecom4j.callback;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The published vectors: Tencent's official sample (doc 90968) and wechatpy's test suite, both
 * recomputed in ../shared/wecom-api-facts.md section 8.6.
 */
class CallbackReceiverTest {

    // A: Tencent's sample.
    static final String A_TOKEN = "QDG6eK";
    static final String A_KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C";
    static final String A_CORP = "wx5823bf96d3bd56c7";
    static final String A1_ECHOSTR = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==";
    static final String A2_ENCRYPT = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==";
    static final String A2_PLAIN = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n"
            + "<FromUserName><![CDATA[mycreate]]></FromUserName>\n"
            + "<CreateTime>1409659813</CreateTime>\n"
            + "<MsgType><![CDATA[text]]></MsgType>\n"
            + "<Content><![CDATA[hello]]></Content>\n"
            + "<MsgId>4561255354251345929</MsgId>\n"
            + "<AgentID>218</AgentID>\n"
            + "</xml>";

    // B: wechatpy.
    static final String B_TOKEN = "123456";
    static final String B_KEY = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR";
    static final String B_CORP = "wx49f0ab532d5d035a";

    private static Clock at(long epochSecond) {
        return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
    }

    @Test
    void tencentUrlVerificationVector() {
        CallbackReceiver receiver = new CallbackReceiver(A_TOKEN, A_KEY, A_CORP, at(1409659589), Duration.ofMinutes(5));
        assertThat(receiver.verifyUrl("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", A1_ECHOSTR))
                .isEqualTo("1616140317555161061");
    }

    @Test
    void tencentPushVectorDecryptsToATypedTextMessage() {
        CallbackReceiver receiver = new CallbackReceiver(A_TOKEN, A_KEY, A_CORP, at(1409659813), Duration.ofMinutes(5));
        String body = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[" + A2_ENCRYPT
                + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>";
        CallbackMessage m = receiver.receive("477715d11cdb4164915debcba66cb864d751f3e6", "1409659813", "1372623149", body);
        assertThat(m).isInstanceOfSatisfying(CallbackMessage.UserMessage.class, text -> {
            assertThat(text.fromUserName()).isEqualTo("mycreate");
            assertThat(text.content()).isEqualTo("hello");
            assertThat(text.agentId()).isEqualTo(218);
            assertThat(text.dedupeKey()).isEqualTo("msg:4561255354251345929");
        });
    }

    @Test
    void encryptionPadsTo32BytesAndReproducesTencentsCiphertext() {
        CallbackCipher cipher = new CallbackCipher(A_KEY, A_CORP);
        String encrypted = cipher.encrypt("0960688932c47ef1".getBytes(StandardCharsets.US_ASCII), A2_PLAIN);
        assertThat(encrypted).isEqualTo(A2_ENCRYPT);
        assertThat(cipher.decrypt(encrypted)).isEqualTo(A2_PLAIN);
    }

    @Test
    void wechatpyVectorsVerifyAndATamperedNonceFails() {
        CallbackReceiver receiver = new CallbackReceiver(B_TOKEN, B_KEY, B_CORP, at(1411443780), Duration.ofMinutes(5));
        String echostr = "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==";
        assertThat(receiver.verifyUrl("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "1411443780", "437374425", echostr))
                .isEqualTo("5927782489442352469");
        assertThatThrownBy(() -> receiver.verifyUrl("dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "1411443780", "437374424", echostr))
                .isInstanceOfSatisfying(CallbackException.class,
                        e -> assertThat(e.errcode()).isEqualTo(CallbackException.SIGNATURE_MISMATCH));
    }

    @Test
    void wechatpyPassiveReplyVector() {
        String reply = "<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n"
                + "<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n"
                + "<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>";
        String encrypt = new CallbackCipher(B_KEY, B_CORP).encrypt("1234567890123456".getBytes(StandardCharsets.US_ASCII), reply);
        assertThat(encrypt).isEqualTo("9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3");
        assertThat(new CallbackSignature(B_TOKEN).sign("1411525903", "461056294", encrypt))
                .isEqualTo("407518b7649e86ef23978113f92d27afa9296533");

        CallbackReceiver receiver = new CallbackReceiver(B_TOKEN, B_KEY, B_CORP, at(1411525903), Duration.ofMinutes(5));
        String body = receiver.encryptedReply(reply, "1411525903", "461056294");
        assertThat(body).startsWith("<xml><Encrypt><![CDATA[").contains("<TimeStamp>1411525903</TimeStamp>");
        String enc = body.substring(body.indexOf("CDATA[") + 6, body.indexOf("]]>"));
        assertThat(new CallbackCipher(B_KEY, B_CORP).decrypt(enc)).isEqualTo(reply);
    }

    @Test
    void aMessageForAnotherCorpIsRejected() {
        CallbackCipher other = new CallbackCipher(A_KEY, "wwSomeoneElse");
        assertThatThrownBy(() -> other.decrypt(A2_ENCRYPT)).isInstanceOfSatisfying(CallbackException.class,
                e -> assertThat(e.errcode()).isEqualTo(CallbackException.RECEIVE_ID_MISMATCH));
    }

    @Test
    void aReplayOutsideTheWindowIsRejectedBeforeDecryption() {
        CallbackReceiver receiver = new CallbackReceiver(A_TOKEN, A_KEY, A_CORP, at(1409659589 + 301), Duration.ofMinutes(5));
        assertThatThrownBy(() -> receiver.verifyUrl("5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3", "1409659589", "263014780", A1_ECHOSTR))
                .isInstanceOfSatisfying(CallbackException.class,
                        e -> assertThat(e.errcode()).isEqualTo(CallbackException.STALE_TIMESTAMP));
        assertThatThrownBy(() -> new CallbackTimestampVerifier(Clock.systemUTC(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void externalEntitiesAreNeverResolved() {
        CallbackReceiver receiver = new CallbackReceiver(A_TOKEN, A_KEY, A_CORP, at(1409659813), Duration.ofMinutes(5));
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE xml [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<xml><Encrypt>&x;</Encrypt></xml>";
        assertThatThrownBy(() -> receiver.receive("sig", "1409659813", "1", xxe))
                .isInstanceOfSatisfying(CallbackException.class, e -> {
                    assertThat(e.errcode()).isEqualTo(CallbackException.PARSE_XML);
                    assertThat(e.getMessage()).doesNotContain("root:");
                });
    }

    @Test
    void anUnsignedBodyIsNotParsedBeforeTheTimestampAndSignatureAreChecked() {
        CallbackReceiver receiver = new CallbackReceiver(A_TOKEN, A_KEY, A_CORP, at(1409659813), Duration.ofMinutes(5));
        // Not even well-formed XML: a parser would have answered PARSE_XML; the timestamp comes first.
        String garbage = "<xml><Encrypt>" + "<a>".repeat(10_000);
        assertThatThrownBy(() -> receiver.receive("sig", "1", "1", garbage)).isInstanceOfSatisfying(CallbackException.class,
                e -> assertThat(e.errcode()).isEqualTo(CallbackException.STALE_TIMESTAMP));
        // A fresh timestamp but a wrong signature: refused on the signature, the envelope never parsed.
        String unsigned = "<xml><ToUserName><a><b><c/></b></a></ToUserName><Encrypt><![CDATA[" + A2_ENCRYPT
                + "]]></Encrypt><junk>" + "<x/>".repeat(10_000) + "</junk></xml>";
        assertThatThrownBy(() -> receiver.receive("0".repeat(40), "1409659813", "1", unsigned))
                .isInstanceOfSatisfying(CallbackException.class,
                        e -> assertThat(e.errcode()).isEqualTo(CallbackException.SIGNATURE_MISMATCH));
        // Two <Encrypt> elements: which one would the signature cover? Neither is taken.
        String twice = "<xml><Encrypt>" + A2_ENCRYPT + "</Encrypt><Encrypt>AAAA</Encrypt></xml>";
        assertThatThrownBy(() -> receiver.receive("sig", "1409659813", "1", twice))
                .isInstanceOfSatisfying(CallbackException.class,
                        e -> assertThat(e.errcode()).isEqualTo(CallbackException.PARSE_XML));
    }

    @Test
    void aRefusalDoesNotEchoTheSendersBytes() {
        CallbackCipher other = new CallbackCipher(A_KEY, "wwSomeoneElse");
        assertThatThrownBy(() -> other.decrypt(A2_ENCRYPT)).isInstanceOfSatisfying(CallbackException.class,
                e -> assertThat(e.getMessage()).doesNotContain(A_CORP));
    }

    @Test
    void aRetriedEventKeepsItsKeyButTwoEventsInOneSecondDoNot() {
        String head = "<xml><ToUserName>ww1</ToUserName><FromUserName>sys</FromUserName><CreateTime>1700000000</CreateTime>"
                + "<MsgType>event</MsgType><Event>change_contact</Event><ChangeType>create_user</ChangeType>";
        CallbackMessage a = CallbackMessage.of(CallbackXml.parse(head + "<UserID>u1</UserID></xml>"));
        CallbackMessage retry = CallbackMessage.of(CallbackXml.parse(head + "<UserID>u1</UserID></xml>"));
        CallbackMessage b = CallbackMessage.of(CallbackXml.parse(head + "<UserID>u2</UserID></xml>"));
        assertThat(a).isInstanceOf(CallbackMessage.Event.class);
        assertThat(a.dedupeKey()).startsWith("event:sys:1700000000:").isEqualTo(retry.dedupeKey()).isNotEqualTo(b.dedupeKey());
    }

    @Test
    void markupInsideATextElementIsRefusedNotFlattened() {
        String head = "<xml><ToUserName><![CDATA[ww]]></ToUserName><FromUserName>u1</FromUserName>"
                + "<CreateTime>1700000000</CreateTime><MsgType>text</MsgType><MsgId>42</MsgId><AgentID>1</AgentID>";
        // nested elements in Content: WeCom never sends them (typed markup arrives as CDATA text)
        assertThatThrownBy(() -> CallbackXml.parse(head + "<Content>hi <b>bold</b> there</Content></xml>"))
                .isInstanceOf(CallbackException.class).hasMessageContaining("<Content>");
        // text beside elements in a nested event would be dropped by the canonical form: refused too
        assertThatThrownBy(() -> CallbackXml.parse(head + "<ScanCodeInfo>lost<ScanType>qrcode</ScanType></ScanCodeInfo></xml>"))
                .isInstanceOf(CallbackException.class).hasMessageContaining("mixes text and elements");
        // what WeCom does send stays exactly as sent
        assertThat(CallbackXml.parse(head + "<Content><![CDATA[hi <b>bold</b> there]]></Content></xml>").get("Content"))
                .isEqualTo("hi <b>bold</b> there");
        assertThat(CallbackXml.parse(head + "<ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>").get("ScanCodeInfo"))
                .isEqualTo("<ScanType>qrcode</ScanType>");
    }

    @Test
    void aMessagesTextKeepsItsSpacesAndLineBreaks() {
        String head = "<xml><ToUserName><![CDATA[ww]]></ToUserName><FromUserName><![CDATA[u1]]></FromUserName>"
                + "<CreateTime>\n  1700000000\n</CreateTime><MsgType><![CDATA[text]]></MsgType><MsgId>42</MsgId><AgentID>1</AgentID>";
        Map<String, String> fields = CallbackXml.parse(head + "<Content>\n  <![CDATA[  indented\n    code\n]]>\n</Content></xml>");
        // a member's message exactly as sent; layout around a number is not part of it
        assertThat(fields.get("Content")).isEqualTo("  indented\n    code\n");
        assertThat(fields.get("CreateTime")).isEqualTo("1700000000");
        assertThat(CallbackXml.parse(head + "<Content><![CDATA[ ]]></Content></xml>").get("Content")).isEqualTo(" ");
    }

    @Test
    void anAbsurdTimestampIsRefusedNotAnInternalError() {
        CallbackReceiver receiver = new CallbackReceiver(A_TOKEN, A_KEY, A_CORP, at(1409659589), Duration.ofMinutes(5));
        assertThatThrownBy(() -> receiver.verifyUrl("x", "99999999999999999", "1", A1_ECHOSTR))
                .isInstanceOfSatisfying(CallbackException.class,
                        e -> assertThat(e.errcode()).isEqualTo(CallbackException.STALE_TIMESTAMP));
    }

    @Test
    void badKeysAndGarbageGetTypedErrors() {
        assertThatThrownBy(() -> new CallbackCipher("short", A_CORP)).isInstanceOfSatisfying(CallbackException.class,
                e -> assertThat(e.errcode()).isEqualTo(CallbackException.ILLEGAL_AES_KEY));
        CallbackCipher cipher = new CallbackCipher(A_KEY, A_CORP);
        assertThatThrownBy(() -> cipher.decrypt("%%%")).isInstanceOfSatisfying(CallbackException.class,
                e -> assertThat(e.errcode()).isEqualTo(CallbackException.BASE64_DECODE));
        assertThatThrownBy(() -> new CallbackCipher(B_KEY, A_CORP).decrypt(A2_ENCRYPT)).isInstanceOf(CallbackException.class);
    }
}
