package io.github.wecom4j.gateway.message;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Child JVMs of the cluster and crash tests never outlive the test JVM that started them. */
class ChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void aChildWhoseParentIsGoneEndsItself() throws Exception {
        try (ChildJvm child = ChildJvm.start("forever", dir, BlocksForever.class.getName(), List.of())) {
            assertThat(child.awaitExit(Duration.ofMillis(300))).as("still running while the parent lives").isFalse();
            child.closeStdin(); // exactly what the operating system does when the parent dies
            assertThat(child.awaitExit(Duration.ofSeconds(30))).as("ended once its parent was gone").isTrue();
        }
    }

    /** A main that would run until killed. */
    static final class BlocksForever {
        public static void main(String[] args) throws InterruptedException {
            new CountDownLatch(1).await();
        }
    }
}
