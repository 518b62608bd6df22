package io.github.wecom4j.gateway.message;

import io.github.wecom4j.emulator.WeComEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.util.List;

import static io.github.wecom4j.gateway.message.GatewayHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The senders honour the intake-first limit: while messages keep arriving, no more than
 * {@code intake-first-senders} calls are being sent at once, although 8 senders run and WeCom (the
 * emulator, 300 ms per call) is slow enough that all 8 would be busy without it. A claim takes one
 * call here, so the calls in state 'sending' are the senders at work. Once intake stops, everything
 * is delivered.
 */
@SpringBootTest(properties = {
        "gateway.messages.senders=8",
        "gateway.messages.claim-batch=1",
        "gateway.messages.intake-first-senders=2",
        "gateway.messages.intake-first-max-lag=60s"})
@ActiveProfiles("test")
class IntakeFirstSendersTest {

    static final List<String> MEMBERS = List.of("zhangsan", "lisi", "wangwu", "zhaoliu", "sunqi");

    @Autowired
    MessageOutbox outbox;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    WeComEmulator emulator;
    @Autowired
    MeterRegistry meters;

    @AfterEach
    void fastAgain() {
        emulator.faults().clear();
    }

    @Test
    void duringIntakeOnlyTheLimitOfSendersSendsAndAllIsDeliveredAfter() {
        emulator.faults().latencyMillis(300);
        int most = 0;
        int mostWorking = 0;
        boolean seenLimited = false;
        int posted = 0;
        long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        long next = System.nanoTime();
        while (System.nanoTime() < end) {
            if (System.nanoTime() >= next) {
                // A message every 25 ms (well within the 200 ms that count as ongoing intake), each to
                // one of five members: 12 each, below WeCom's 30 a minute per member.
                outbox.enqueue("{\"touser\":\"" + MEMBERS.get(posted % MEMBERS.size())
                        + "\",\"msgtype\":\"text\",\"text\":{\"content\":\"intake first " + posted + "\"}}");
                posted++;
                next += Duration.ofMillis(25).toNanos();
            }
            // Between posts, watch how many calls are being sent.
            most = Math.max(most, sending());
            mostWorking = Math.max(mostWorking, (int) gauge("wecom4j.outbox.senders.working"));
            seenLimited |= gauge("wecom4j.outbox.intake.first.limited") == 1;
        }
        assertThat(most).as("calls being sent at once during intake").isBetween(1, 2);
        // What an operator sees meanwhile: the rule holding senders back, at most 2 of 8 working.
        assertThat(seenLimited).isTrue();
        assertThat(mostWorking).isBetween(1, 2);
        int total = posted;
        await("every message sent", Duration.ofSeconds(60),
                () -> jdbc.queryForObject("select count(*) from message_call where state = 'sent'", Integer.class) == total);
        assertThat(gauge("wecom4j.outbox.intake.first.limited")).as("no intake, no limit").isZero();
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private int sending() {
        return jdbc.queryForObject("select count(*) from message_call where state = 'sending'", Integer.class);
    }
}
