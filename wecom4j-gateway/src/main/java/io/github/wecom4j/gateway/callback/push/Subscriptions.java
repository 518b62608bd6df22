package io.github.wecom4j.gateway.callback.push;

import io.github.wecom4j.WeComClient;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The subscriptions of this gateway's corp. Every query names the corp: a row of another corp
 * (a database shared by gateways of several corps) is never read, changed or pushed to.
 */
@Repository
public class Subscriptions {

    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 256;
    private static final String NAME = "[A-Za-z0-9_.-]{1,64}";
    private static final String COLUMNS = "id, name, url, event_types, source, created_at";
    private static final RowMapper<Subscription> ROW = (rs, n) -> new Subscription(rs.getString(1), rs.getString(2),
            rs.getString(3), EventTypes.read(rs.getString(4)), rs.getString(5), rs.getLong(6));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ConsumerUrls urls;
    private final PushProperties props;
    private final String corpId;
    private final Clock clock = Clock.systemUTC();
    private final SecureRandom random = new SecureRandom();

    Subscriptions(JdbcTemplate jdbc, TransactionTemplate tx, ConsumerUrls urls, PushProperties props, WeComClient wecom) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.urls = urls;
        this.props = props;
        this.corpId = wecom.config().corpId();
    }

    String corpId() {
        return corpId;
    }

    /** A new subscription and its secret: the caller's, or a generated one (returned only here). */
    public record Created(Subscription subscription, String secret) {
    }

    /** Creates a subscription by API; {@code requestHost} is the Host the caller reached us with. */
    public Created create(String name, String url, List<String> eventTypes, String secret, String requestHost) {
        checkName(name);
        String checkedUrl = urls.check(url, requestHost).toString();
        String types = EventTypes.store(eventTypes);
        String key = secret == null || secret.isEmpty() ? generatedSecret() : checkSecret(secret);
        String id = UUID.randomUUID().toString();
        ensureQuotaRow();
        try {
            tx.executeWithoutResult(s -> {
                // Creates of one corp queue up on its quota row, so count-then-insert cannot let two
                // concurrent creates both see room for one (on every instance: the lock is the database's).
                jdbc.queryForList("select corp_id from callback_subscription_quota where corp_id = ? for update",
                        String.class, corpId);
                Integer existing = jdbc.queryForObject("select count(*) from callback_subscription where corp_id = ?",
                        Integer.class, corpId);
                if (existing != null && existing >= props.getMaxSubscriptions()) {
                    throw PushRefused.invalid("this corp already has " + existing + " subscriptions",
                            "delete unused ones, or raise gateway.callbacks.push.max-subscriptions");
                }
                jdbc.update("insert into callback_subscription (id, corp_id, name, url, event_types, secret, source, created_at)"
                        + " values (?, ?, ?, ?, ?, ?, 'api', ?)", id, corpId, name, checkedUrl, types, key, clock.millis());
            });
        } catch (DuplicateKeyException e) {
            throw PushRefused.invalid("a subscription named " + name + " exists", "choose another name, or delete it first");
        }
        return new Created(find(id).orElseThrow(), key);
    }

    private void ensureQuotaRow() {
        Integer rows = jdbc.queryForObject("select count(*) from callback_subscription_quota where corp_id = ?", Integer.class,
                corpId);
        if (rows != null && rows == 0) {
            try {
                jdbc.update("insert into callback_subscription_quota (corp_id) values (?)", corpId);
            } catch (DuplicateKeyException another) {
                // made by a concurrent create
            }
        }
    }

    /**
     * Makes the database hold exactly the subscriptions of application.yml (source config): added,
     * changed to match, and those no longer configured deleted with their pending pushes and card
     * routes. A configured name taken by an API subscription is refused ({@link PushRefused}: the
     * start-up stops saying so), never taken over: its URL and secret belong to whoever made it.
     * Several instances starting at once with one configuration agree: the unique name decides.
     * Returns the names deleted.
     */
    List<String> syncConfigured(List<PushProperties.Configured> configured) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (PushProperties.Configured c : configured) {
            checkName(c.getName());
            String url = urls.check(c.getUrl(), null).toString();
            String types = EventTypes.store(c.getEventTypes());
            if (c.getSecret() == null || c.getSecret().isEmpty()) {
                throw PushRefused.invalid("gateway.callbacks.push.subscriptions[" + c.getName() + "].secret is required",
                        "at least " + MIN_SECRET + " characters; consumers verify pushes with it");
            }
            String secret = checkSecret(c.getSecret());
            names.add(c.getName());
            refuseApiNamed(c.getName());
            int updated = jdbc.update("update callback_subscription set url = ?, event_types = ?, secret = ?"
                    + " where corp_id = ? and name = ? and source = 'config'", url, types, secret, corpId, c.getName());
            if (updated == 0) {
                try {
                    jdbc.update("insert into callback_subscription (id, corp_id, name, url, event_types, secret, source,"
                                    + " created_at) values (?, ?, ?, ?, ?, ?, 'config', ?)", UUID.randomUUID().toString(),
                            corpId, c.getName(), url, types, secret, clock.millis());
                } catch (DuplicateKeyException another) {
                    // another instance inserted it at the same moment, from the same configuration,
                    // or an API caller took the name meanwhile
                    refuseApiNamed(c.getName());
                }
            }
        }
        List<String> removed = new java.util.ArrayList<>();
        for (Subscription s : all()) {
            if (s.source().equals("config") && !names.contains(s.name())) {
                deleteWithDeliveries(s.id());
                removed.add(s.name());
            }
        }
        return removed;
    }

    private void refuseApiNamed(String name) {
        byName(name).filter(s -> !s.source().equals("config")).ifPresent(s -> {
            throw PushRefused.invalid("subscription " + name + " is configured in application.yml, but a subscription"
                    + " of that name was created by API (id " + s.id() + ")", "rename the configured one, or delete the"
                    + " API one (DELETE /api/subscriptions/" + s.id() + ") if the configuration should own it");
        });
    }

    public List<Subscription> all() {
        return jdbc.query("select " + COLUMNS + " from callback_subscription where corp_id = ? order by created_at, name",
                ROW, corpId);
    }

    public Optional<Subscription> find(String id) {
        return jdbc.query("select " + COLUMNS + " from callback_subscription where corp_id = ? and id = ?", ROW, corpId, id)
                .stream().findFirst();
    }

    public Optional<Subscription> byName(String name) {
        return jdbc.query("select " + COLUMNS + " from callback_subscription where corp_id = ? and name = ?", ROW, corpId, name)
                .stream().findFirst();
    }

    /** Where and how to push for a subscription of this corp: its name, URL and signing key. */
    record Target(String name, String url, String secret) {
    }

    Optional<Target> target(String id) {
        return jdbc.query("select name, url, secret from callback_subscription where corp_id = ? and id = ?",
                (rs, n) -> new Target(rs.getString(1), rs.getString(2), rs.getString(3)), corpId, id).stream().findFirst();
    }

    /** Deletes an API subscription with its pending deliveries; configured ones change only in application.yml. */
    public boolean delete(String id) {
        Subscription s = find(id).orElse(null);
        if (s == null) {
            return false;
        }
        if (s.source().equals("config")) {
            throw PushRefused.invalid("subscription " + s.name() + " comes from application.yml",
                    "remove it from gateway.callbacks.push.subscriptions instead");
        }
        return deleteWithDeliveries(id);
    }

    private boolean deleteWithDeliveries(String id) {
        return Boolean.TRUE.equals(tx.execute(st -> {
            jdbc.update("delete from callback_delivery where corp_id = ? and subscription_id = ?", corpId, id);
            jdbc.update("delete from callback_card_route where corp_id = ? and subscription_id = ?", corpId, id);
            return jdbc.update("delete from callback_subscription where corp_id = ? and id = ?", corpId, id) == 1;
        }));
    }

    private static void checkName(String name) {
        if (name == null || !name.matches(NAME)) {
            throw PushRefused.invalid("name must be 1 to 64 letters, digits, '_', '.' or '-'", "e.g. approvals");
        }
    }

    private static String checkSecret(String secret) {
        if (secret.length() < MIN_SECRET || secret.length() > MAX_SECRET) {
            throw PushRefused.invalid("secret must be " + MIN_SECRET + " to " + MAX_SECRET + " characters",
                    "or leave it out and use the generated one returned on creation");
        }
        return secret;
    }

    private String generatedSecret() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
