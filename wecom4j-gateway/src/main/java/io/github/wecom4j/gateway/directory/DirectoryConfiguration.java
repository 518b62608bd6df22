package io.github.wecom4j.gateway.directory;

import io.github.wecom4j.WeComClient;
import io.github.wecom4j.callback.CallbackReceiver;
import io.github.wecom4j.emulator.WeComEmulator;
import io.github.wecom4j.gateway.cluster.ClusterTasks;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The directory mirror's parts, its periodic reconcile and, in the first-run mode, the emulator's event server. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DirectoryProperties.class)
class DirectoryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DirectoryConfiguration.class);

    /** WeCom retries within seconds; as for the apps' callbacks, five minutes of tolerance. */
    private static final Duration REPLAY_WINDOW = Duration.ofMinutes(5);

    @Bean
    MirrorStore mirrorStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        return new MirrorStore(jdbc, tx);
    }

    @Bean
    DirectoryMirror directoryMirror(WeComClient wecom, MirrorStore store, JdbcTemplate jdbc, ClusterTasks tasks,
                                    DirectoryProperties properties, MeterRegistry meters) {
        DirectoryMirror mirror = new DirectoryMirror(wecom, store, new DirectoryQueries(jdbc, store), tasks, properties);
        tasks.every(mirror.lockName(), properties.getReconcileEvery(), mirror.lockAtMostFor(), mirror::reconcileHoldingLock);
        // Read from the shared database, so every instance reports the cluster's last reconcile.
        Gauge.builder("wecom.directory.drift", mirror, m -> {
            try {
                return m.state().lastDrift();
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description("rows the last reconcile had to add, change or remove (lost callbacks)").register(meters);
        return mirror;
    }

    /**
     * The event server's Token and EncodingAESKey: made up here in the first-run mode (and given to
     * the embedded emulator), {@code gateway.directory.callback-*} against real WeCom.
     */
    @Bean
    ContactsCallbackReceiver contactsCallbackReceiver(WeComClient wecom, Clock wecomClock, DirectoryProperties properties,
                                                      ObjectProvider<WeComEmulator> emulator) {
        String token = properties.getCallbackToken();
        String aesKey = properties.getCallbackAesKey();
        if (emulator.getIfAvailable() != null && (token.isBlank() || aesKey.isBlank())) {
            // WeCom's console makes up both the same way: letters and digits, the key exactly 43 of them.
            token = lettersAndDigits(32);
            aesKey = lettersAndDigits(43);
        }
        if (token.isBlank() || aesKey.isBlank()) {
            log.info("no gateway.directory.callback-token / callback-aes-key: /wecom/callback/contacts is off, the mirror"
                    + " follows WeCom by reconciles only");
            return new ContactsCallbackReceiver(Optional.empty(), "", "");
        }
        return new ContactsCallbackReceiver(Optional.of(new CallbackReceiver(token, aesKey, wecom.config().corpId(), wecomClock,
                REPLAY_WINDOW)), token, aesKey);
    }

    private static String lettersAndDigits(int n) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    /** First-run mode: the emulator's contacts event server is this gateway, like an admin would set it. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> emulatedContactsEventServer(ObjectProvider<WeComEmulator> emulator,
                                                                               ContactsCallbackReceiver receiver) {
        return event -> {
            WeComEmulator embedded = emulator.getIfAvailable();
            if (embedded == null || receiver.receiver().isEmpty() || event.getApplicationContext().getServerNamespace() != null) {
                return;
            }
            String url = "http://localhost:" + event.getWebServer().getPort() + "/wecom/callback/contacts";
            embedded.contactsSync(s -> s.withCallback(url, receiver.token(), receiver.aesKey(), null));
            log.info("Emulated contacts-sync event server: {}", url);
        };
    }

    /** Loads the mirror once the gateway is up, in the background; one instance of a cluster does it. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> loadDirectoryMirror(DirectoryMirror mirror, DirectoryProperties properties) {
        return event -> {
            if (!properties.isLoadOnStart()) {
                return;
            }
            Thread loader = new Thread(() -> {
                try {
                    if (!mirror.loaded()) {
                        mirror.reconcileNow();
                    }
                } catch (RuntimeException e) {
                    log.warn("directory mirror not loaded at start (the periodic reconcile retries): {}", e.toString());
                }
            }, "directory-load");
            loader.setDaemon(true);
            loader.start();
        };
    }
}
