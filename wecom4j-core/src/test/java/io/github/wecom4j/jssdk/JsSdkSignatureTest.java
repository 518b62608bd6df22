package io.github.wecom4j.jssdk;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The signature against the worked examples published with WeCom's / WeChat's JS-SDK docs. */
class JsSdkSignatureTest {

    static final String TICKET = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg";
    static final String NONCE = "Wm3WZYTPz0wzccnW";
    static final long TIMESTAMP = 1414587457L;

    @Test
    void reproducesThePublishedExample() {
        // doc 90506 / 96909, "JS-SDK使用权限签名算法"
        assertThat(JsSdkSignature.stringToSign(TICKET, NONCE, TIMESTAMP, "http://mp.weixin.qq.com?params=value"))
                .isEqualTo("jsapi_ticket=" + TICKET + "&noncestr=Wm3WZYTPz0wzccnW&timestamp=1414587457"
                        + "&url=http://mp.weixin.qq.com?params=value");
        assertThat(JsSdkSignature.sign(TICKET, NONCE, TIMESTAMP, "http://mp.weixin.qq.com?params=value"))
                .isEqualTo("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
    }

    @Test
    void reproducesTheOlderWeChatVariantWithoutQuery() {
        assertThat(JsSdkSignature.sign(TICKET, NONCE, TIMESTAMP, "http://mp.weixin.qq.com"))
                .isEqualTo("f4d90daf4b3bca3078ab155816175ba34c443a7b");
    }

    @Test
    void signsTheUrlWithoutItsFragment() {
        assertThat(JsSdkSignature.sign(TICKET, NONCE, TIMESTAMP, "http://mp.weixin.qq.com?params=value#/route?x=1"))
                .isEqualTo("0f9de62fce790f9a083d5c99e95740ceb90c27ed");
        assertThat(JsSdkSignature.withoutFragment("https://a.example/p?q=1#frag")).isEqualTo("https://a.example/p?q=1");
        assertThat(JsSdkSignature.withoutFragment("https://a.example/p")).isEqualTo("https://a.example/p");
    }

    @Test
    void signatureIsLowerCaseHexOfFortyDigits() {
        assertThat(JsSdkSignature.sign("t", "n", 1, "https://a.example/")).matches("[0-9a-f]{40}");
    }

    @Test
    void noncesAreSixteenLettersOrDigitsAndDoNotRepeat() {
        Nonces nonces = new Nonces();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String n = nonces.next();
            assertThat(n).matches("[A-Za-z0-9]{16}");
            seen.add(n);
        }
        assertThat(seen).hasSize(1000);
    }

    /** Across a change of key (every 65,536 nonces) nonces stay distinct and use every symbol about evenly. */
    @Test
    void noncesStayDistinctAndEvenAcrossKeyChanges() {
        Nonces nonces = new Nonces();
        java.util.Set<String> seen = new java.util.HashSet<>();
        int[] counts = new int[128];
        int n = Nonces.NONCES_PER_KEY + 5_000;
        for (int i = 0; i < n; i++) {
            String nonce = nonces.next();
            seen.add(nonce);
            nonce.chars().forEach(c -> counts[c]++);
        }
        assertThat(seen).hasSize(n);
        // A byte maps to symbol b % 62: 'A'..'H' have 5 of 256 byte values, the others 4.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        double perByteValue = 16.0 * n / 256;
        for (int i = 0; i < alphabet.length(); i++) {
            double expected = perByteValue * (i < 8 ? 5 : 4);
            assertThat((double) counts[alphabet.charAt(i)]).as("symbol " + alphabet.charAt(i))
                    .isBetween(expected * 0.95, expected * 1.05);
        }
    }

    /** The signer (a digest per thread) gives exactly SHA-1 over the UTF-8 string to sign, whatever the input. */
    @Test
    void theSignerMatchesPlainSha1OverTheStringToSign() throws Exception {
        String longUrl = "https://a.example/" + "p".repeat(2000) + "?q=1";
        String[][] cases = {
                {TICKET, NONCE, "http://mp.weixin.qq.com?params=value"},
                {TICKET, NONCE, "https://a.example/页面?名字=张三#片段"},
                {"票据-ticket-中文", NONCE, "https://a.example/"},
                {TICKET, "nonce-é", longUrl},
                {TICKET, NONCE, "https://a.example/p?x=" + "\uD83D\uDE00"},
                {TICKET, NONCE, "https://a.example/#"},
        };
        for (String[] c : cases) {
            String page = JsSdkSignature.withoutFragment(c[2]);
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(
                    JsSdkSignature.stringToSign(c[0], c[1], TIMESTAMP, page).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(JsSdkSignature.sign(c[0], c[1], TIMESTAMP, c[2])).as(c[2])
                    .isEqualTo(java.util.HexFormat.of().formatHex(digest));
        }
    }

    /**
     * The timestamp's digits are written without {@code Long.toString}, and a negative one (a clock
     * before 1970) takes the general path: every case still hashes exactly the string to sign.
     */
    @Test
    void theSignerWritesEveryTimestampAsTheStringToSignDoes() throws Exception {
        long[] timestamps = {0, 1, 9, 10, 99, 1414587457L, 9_999_999_999L, Long.MAX_VALUE, -1, -1414587457L,
                Long.MIN_VALUE};
        String page = "http://mp.weixin.qq.com?params=value";
        for (long t : timestamps) {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(
                    JsSdkSignature.stringToSign(TICKET, NONCE, t, page).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(JsSdkSignature.sign(TICKET, NONCE, t, page)).as("timestamp " + t)
                    .isEqualTo(java.util.HexFormat.of().formatHex(digest));
        }
    }

    /** Digits are written two at a time, as int below 2^31 and as long above: every length and edge. */
    @Test
    void theSignerWritesTimestampsOfEveryLengthAndAtTheIntBoundary() throws Exception {
        java.util.List<Long> timestamps = new java.util.ArrayList<>(java.util.List.of(
                (long) Integer.MAX_VALUE - 1, (long) Integer.MAX_VALUE, (long) Integer.MAX_VALUE + 1,
                (long) Integer.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 4_102_444_800L /* 2100 */));
        for (long p = 1; ; p *= 10) { // 10^0 .. 10^18, the largest power of ten in a long
            timestamps.addAll(java.util.List.of(p - 1, p, p + 1, 5 * p, -p));
            if (p > Long.MAX_VALUE / 10) {
                break;
            }
        }
        String page = "http://mp.weixin.qq.com?params=value";
        for (long t : timestamps) {
            assertThat(JsSdkSignature.sign(TICKET, NONCE, t, page)).as("timestamp " + t)
                    .isEqualTo(plainSha1(TICKET, NONCE, t, page));
        }
    }

    /**
     * Each part is encoded on its own; a lone surrogate at a part's edge (its partner would be the
     * separator) or inside becomes '?' just as when the whole string is encoded, and a pair stays one
     * four-byte character.
     */
    @Test
    void theSignerEncodesLoneSurrogatesAndNonAsciiAsTheWholeStringDoes() throws Exception {
        String high = "\uD83D";
        String low = "\uDE00";
        String[][] cases = {
                {TICKET, "nonce" + high, "https://a.example/"},
                {TICKET, low + "nonce", "https://a.example/"},
                {TICKET, NONCE, low + "https://a.example/"},
                {TICKET, NONCE, "https://a.example/" + high},
                {TICKET, NONCE, "https://a.example/" + low + high + "x"},
                {"ticket" + high, NONCE, "https://a.example/"},
                {low + "ticket", high + low, high + low},
                {TICKET, "é", "https://a.example/ü?q=ß"},
                {TICKET, "", ""},
                {TICKET, NONCE, "https://页面.example/路径?名字=张三&x=" + "\u00ff".repeat(3000)},
        };
        for (String[] c : cases) {
            assertThat(JsSdkSignature.sign(c[0], c[1], TIMESTAMP, c[2])).as(java.util.Arrays.toString(c))
                    .isEqualTo(plainSha1(c[0], c[1], TIMESTAMP, c[2]));
        }
    }

    private static String plainSha1(String ticket, String nonce, long timestamp, String url) throws Exception {
        byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(
                JsSdkSignature.stringToSign(ticket, nonce, timestamp, url).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return java.util.HexFormat.of().formatHex(digest);
    }

    /**
     * The ticket's head stays cached in a buffer that grows for a long URL and shrinks back after:
     * switching tickets and lengths back and forth on one thread never mixes one call's bytes into
     * the next.
     */
    @Test
    void theSignerStaysRightAcrossTicketChangesAndBufferGrowth() throws Exception {
        String[] tickets = {TICKET, "short", TICKET + "x".repeat(5000), "票据", TICKET};
        String[] urls = {"https://a.example/", "https://a.example/" + "p".repeat(9000), "https://a.example/é",
                "http://mp.weixin.qq.com?params=value"};
        for (int round = 0; round < 3; round++) {
            for (String ticket : tickets) {
                for (String url : urls) {
                    byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(
                            JsSdkSignature.stringToSign(ticket, NONCE, TIMESTAMP, url)
                                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    assertThat(JsSdkSignature.sign(ticket, NONCE, TIMESTAMP, url))
                            .as(ticket.length() + " / " + url.length())
                            .isEqualTo(java.util.HexFormat.of().formatHex(digest));
                }
            }
        }
    }

    /**
     * The head ({@code jsapi_ticket=T&noncestr=}, 23 bytes + the ticket) is hashed once per ticket
     * up to its last whole 64-byte block, and that state is copied for each signature: heads just
     * under, at and over one and two blocks, with ASCII and 3-byte UTF-8 tickets, each signed
     * several times (the kept state must never move).
     */
    @Test
    void theSignerIsRightForHeadsAroundEveryBlockBoundary() throws Exception {
        for (int length = 0; length <= 150; length++) {
            for (String ticket : new String[]{"t".repeat(length), "票".repeat(length / 3) + "t".repeat(length % 3)}) {
                byte[] expected = java.security.MessageDigest.getInstance("SHA-1").digest(
                        JsSdkSignature.stringToSign(ticket, NONCE, TIMESTAMP, "https://a.example/p?x=1")
                                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                for (int again = 0; again < 3; again++) {
                    assertThat(JsSdkSignature.sign(ticket, NONCE, TIMESTAMP, "https://a.example/p?x=1"))
                            .as("ticket of %d UTF-8 bytes, signature %d", ticket.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, again)
                            .isEqualTo(java.util.HexFormat.of().formatHex(expected));
                }
            }
        }
    }

    /** Each thread has its own digest and buffer: signing in parallel gives every thread its own right answer. */
    @Test
    void signingFromManyThreadsAtOnceGivesTheSameAnswers() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 2000; i++) {
                        if (!"0f9de62fce790f9a083d5c99e95740ceb90c27ed".equals(
                                JsSdkSignature.sign(TICKET, NONCE, TIMESTAMP, "http://mp.weixin.qq.com?params=value"))
                                || !"f4d90daf4b3bca3078ab155816175ba34c443a7b".equals(
                                JsSdkSignature.sign(TICKET, NONCE, TIMESTAMP, "http://mp.weixin.qq.com"))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> r : results) {
                assertThat(r.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The page-URL check is the former regular expression, written as a loop. */
    @Test
    void thePageUrlCheckAcceptsExactlyWhatTheFormerPatternAccepted() {
        java.util.regex.Pattern former = java.util.regex.Pattern.compile("(?i)https?://[^/?#\\s]+[^\\s]*");
        String[] urls = {"http://a", "https://a.example/p?q=1", "HTTPS://A.EXAMPLE", "HtTp://x:8080/a b", "http://",
                "https://", "https:///path", "http://?q", "http://#f", "ftp://a", "https:/a", "http:/", "",
                "https://a\tb", "https://a\u000Bb", "https://a\fb", "https://a\rb", "https://a\nb", "https://a\u00A0b",
                "https://页面.example/路径", " https://a", "https://a ", "httpss://a", "http://s", "https://s://x",
                "https://a/\u2028"};
        for (String url : urls) {
            assertThat(JsSdk.isPageUrl(url)).as("'" + url + "'").isEqualTo(former.matcher(url).matches());
        }
    }
}
