package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.gateway.browser.HeadlessChromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.github.wecom4j.gateway.callback.push.PushFixture.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The must-show, end to end in a real headless Chromium: the gateway sends an
 * approval-style button card; the member clicks "Approve" on their emulator inbox page; the
 * internal consumer (a real HTTP server) receives the signed event and calls the gateway to
 * update the card; the inbox page then shows "approved" and no buttons.
 */
class ApprovalCardBrowserTest extends PushGatewayTest {


    @Test
    void aMemberApprovesInTheInboxAndTheConsumerUpdatesTheCard() throws Exception {
        List<Integer> updates = new CopyOnWriteArrayList<>();
        try (TestConsumer consumer = new TestConsumer(PushFixture.SECRET);
             HeadlessChromium chromium = HeadlessChromium.launch()) {
            // the consumer's own logic: an "approve" click is answered by greying the card out
            consumer.onPush(push -> {
                JsonNode fields = PushFixture.JSON.readTree(push.body()).path("fields");
                if (fields.path("EventKey").asString("").equals("approve")) {
                    try {
                        HttpResponse<String> r = fixture.call("POST", "/api/cards/" + fields.path("ResponseCode").asString(),
                                "{\"button\":{\"replace_name\":\"approved\"}}");
                        updates.add(r.statusCode());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            String name = "approvals-" + UUID.randomUUID().toString().substring(0, 8);
            fixture.subscribe(name, consumer.url(), "[\"text\"]");
            String taskId = "leave-" + UUID.randomUUID().toString().substring(0, 8);
            HttpResponse<String> sent = fixture.call("POST", "/api/messages", CardWorkflowTest.cardBody(taskId, name));
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            String messageId = PushFixture.JSON.readTree(sent.body()).path("id").asString();
            awaitTrue(() -> fixture.messageState(messageId).equals("sent"), "the card sent");

            WebDriver driver = chromium.driver();
            String inbox = emulator.baseUri().resolve("/_emulator/people/zhangsan").toString();
            driver.get(inbox);
            By card = By.xpath("//div[@data-msgtype='template_card'][.//h3[text()='Leave request']][last()]");
            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
            WebElement approve = wait.until(d -> d.findElements(card).stream()
                    .flatMap(c -> c.findElements(By.cssSelector("button[value='approve']")).stream()).reduce((a, b) -> b)
                    .orElse(null));
            String msgid = approve.findElement(By.xpath("./ancestor::div[@data-msgid]")).getAttribute("data-msgid");
            By thisCard = By.cssSelector("div[data-msgid='" + msgid + "']");
            approve.click();

            awaitTrue(() -> updates.contains(200), "the consumer updated the card");
            wait.until(d -> {
                d.navigate().refresh();
                return d.findElement(thisCard).getText().contains("approved");
            });
            WebElement updated = driver.findElement(thisCard);
            assertThat(updated.findElements(By.cssSelector("button[value]"))).as("the buttons are gone").isEmpty();
            assertThat(updated.findElement(By.cssSelector("button.replaced")).getText()).isEqualTo("approved");
            assertThat(updated.findElement(By.cssSelector("button.replaced")).isEnabled()).isFalse();

            assertThat(consumer.badSignatures()).isZero();
            assertThat(consumer.received()).hasSize(1);
            JsonNode event = PushFixture.JSON.readTree(consumer.received().get(0).body());
            assertThat(event.path("type").asString()).isEqualTo("template_card_event");
            assertThat(event.path("fields").path("TaskId").asString()).isEqualTo(taskId);
        }
    }
}
