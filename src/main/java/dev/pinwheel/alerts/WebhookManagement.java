package dev.pinwheel.alerts;

import dev.pinwheel.core.Actors;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.core.Violations;
import dev.pinwheel.core.net.NetworkGuard;
import dev.pinwheel.signing.SecretSealer;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Registered webhooks and what was sent to them. Each {@link AlertCondition} becomes one pending
 * delivery per enabled webhook subscribed to its kind, unless the same condition (kind and
 * de-duplication key) was queued for that webhook within {@code pinwheel.alerts.dedup-window};
 * {@link WebhookDispatcher} sends them. Times are wall-clock time.
 *
 * <p><b>Warning:</b> webhook secrets are sealed under the master key ({@link SecretSealer}) before
 * they are stored; they are never returned, logged or put in an exception.
 */
@Service
public class WebhookManagement {

    static final int MIN_SECRET = 16;
    static final int MAX_SECRET = 200;
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");
    private static final Logger log = LoggerFactory.getLogger(WebhookManagement.class);

    private final JdbcClient jdbc;
    private final SecretSealer sealer;
    private final AlertProperties properties;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final TransactionTemplate requiresNew;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();

    /** Which addresses a webhook may be sent to: global ones, and pinwheel.alerts.allowed-networks. */
    private final NetworkGuard guard;

    WebhookManagement(
            JdbcClient jdbc,
            SecretSealer sealer,
            AlertProperties properties,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            JsonMapper json) {
        this.jdbc = jdbc;
        this.sealer = sealer;
        this.properties = properties;
        this.events = events;
        this.tx = new TransactionTemplate(transactions);
        this.requiresNew = new TransactionTemplate(transactions);
        this.requiresNew.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.json = json;
        this.guard = new NetworkGuard("pinwheel.alerts", properties.allowedNetworks(), List.of("1-65535"));
    }

    /**
     * A webhook to register. {@code conditions} null or empty means every {@link AlertKind}.
     */
    public record WebhookCommand(String name, String url, String secret, List<String> conditions) {

        @Override
        public String toString() {
            return "WebhookCommand[name=" + name + ", url=" + url + ", secret=<hidden>, conditions=" + conditions + "]";
        }
    }

    /**
     * Registers a webhook (audited as {@code webhook.created}).
     *
     * @throws ProblemException 400 with {@code violations} for a bad field (nothing stored); 409 for a taken name
     */
    public WebhookView register(WebhookCommand c) {
        List<String> kinds = validate(c);
        String name = c.name().strip();
        String url = c.url().strip();
        checkAddress(url);
        String sealed = sealer.seal(c.secret().getBytes(StandardCharsets.UTF_8), context(name));
        Instant now = clock.instant();
        String actor = Actors.current();
        try {
            return tx.execute(s -> {
                GeneratedKeyHolder keys = new GeneratedKeyHolder();
                jdbc.sql("insert into webhooks (name, url, sealed_secret, conditions, enabled, created_at, created_by)"
                                + " values (?, ?, ?, ?, true, ?, ?)")
                        .params(name, url, sealed, String.join(",", kinds), Timestamp.from(now), actor)
                        .update(keys, "id");
                long id = keys.getKey().longValue();
                events.publishEvent(new WebhookChanged("created", id, name, url));
                return new WebhookView(id, name, url, kinds, true, now, actor);
            });
        } catch (DuplicateKeyException e) {
            throw ProblemException.conflict("A webhook named " + name + " exists already.");
        }
    }

    /** Every webhook, oldest first. */
    public List<WebhookView> list() {
        return jdbc.sql("select * from webhooks order by id")
                .query(WebhookManagement::view)
                .list();
    }

    /** One webhook (404 unknown). */
    public WebhookView get(long id) {
        return jdbc.sql("select * from webhooks where id = ?")
                .param(id)
                .query(WebhookManagement::view)
                .optional()
                .orElseThrow(() -> unknown(id));
    }

    /** Removes a webhook and its delivery log (audited as {@code webhook.deleted}; 404 unknown). */
    public void delete(long id) {
        WebhookView w = get(id);
        tx.executeWithoutResult(s -> {
            jdbc.sql("delete from webhooks where id = ?").param(id).update();
            events.publishEvent(new WebhookChanged("deleted", id, w.name(), w.url()));
        });
    }

    /**
     * The webhook's deliveries, newest first.
     *
     * @throws ProblemException 404 unknown webhook; 400 for a limit outside 1..200
     */
    public List<WebhookDelivery> deliveries(long id, int limit) {
        if (limit < 1 || limit > 200) {
            throw ProblemException.invalid("limit", "must be between 1 and 200");
        }
        get(id);
        return jdbc.sql("select * from webhook_deliveries where webhook_id = ? order by id desc limit ?")
                .params(id, limit)
                .query(WebhookManagement::delivery)
                .list();
    }

    /**
     * Queues a condition for every enabled webhook subscribed to its kind (once per
     * de-duplication window), after the raising transaction commits (or at once without one).
     */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
    void on(AlertCondition condition) {
        try {
            requiresNew.executeWithoutResult(s -> enqueue(condition));
        } catch (RuntimeException e) {
            log.warn(
                    "Could not queue the {} alert for {} ({})",
                    condition.kind().wireName(),
                    condition.subject(),
                    e.getClass().getSimpleName());
        }
    }

    /** @return how many deliveries were queued */
    int enqueue(AlertCondition c) {
        Instant now = clock.instant();
        String key = c.dedupKey().length() > 600 ? c.dedupKey().substring(0, 600) : c.dedupKey();
        int queued = 0;
        for (WebhookView w : list()) {
            if (!w.enabled() || !w.conditions().contains(c.kind().wireName())) {
                continue;
            }
            jdbc.sql("select id from webhooks where id = ? for update")
                    .param(w.id())
                    .query(Long.class)
                    .optional();
            boolean recent = jdbc.sql("select count(*) from webhook_deliveries where webhook_id = ? and"
                                    + " condition_kind = ? and dedup_key = ? and created_at > ?")
                            .params(
                                    w.id(),
                                    c.kind().wireName(),
                                    key,
                                    Timestamp.from(now.minus(properties.dedupWindow())))
                            .query(Long.class)
                            .single()
                    > 0;
            if (recent) {
                continue;
            }
            jdbc.sql("insert into webhook_deliveries (webhook_id, condition_kind, dedup_key, body, status, attempts,"
                            + " next_attempt_at, created_at) values (?, ?, ?, ?, 'pending', 0, ?, ?)")
                    .params(w.id(), c.kind().wireName(), key, body(c), Timestamp.from(now), Timestamp.from(now))
                    .update();
            queued++;
        }
        return queued;
    }

    private String body(AlertCondition c) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("id", UUID.randomUUID().toString());
        b.put("condition", c.kind().wireName());
        b.put("subject", c.subject());
        b.put("summary", c.summary());
        b.put("observedAt", c.observedAt().toString());
        b.put("details", c.details());
        return json.writeValueAsString(b);
    }

    // ---- for the dispatcher

    /** A delivery due now, with what is needed to send it. */
    record Due(
            long id,
            long webhookId,
            String name,
            String url,
            String sealedSecret,
            String condition,
            String body,
            int attempts) {

        @Override
        public String toString() {
            return "Due[id=" + id + ", webhook=" + name + ", condition=" + condition + "]";
        }
    }

    List<Due> due(int max) {
        return jdbc.sql(
                        "select d.id, d.webhook_id, w.name, w.url, w.sealed_secret, d.condition_kind, d.body,"
                                + " d.attempts from webhook_deliveries d join webhooks w on w.id = d.webhook_id"
                                + " where d.status = 'pending' and d.next_attempt_at <= ? order by d.next_attempt_at, d.id limit ?")
                .params(Timestamp.from(clock.instant()), max)
                .query((rs, n) -> new Due(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        rs.getInt(8)))
                .list();
    }

    byte[] secret(Due d) {
        return sealer.open(d.sealedSecret(), context(d.name()));
    }

    void delivered(Due d, int status) {
        jdbc.sql("update webhook_deliveries set status = 'delivered', attempts = ?, last_status_code = ?,"
                        + " last_error = null, next_attempt_at = null, delivered_at = ? where id = ?")
                .params(d.attempts() + 1, status, Timestamp.from(clock.instant()), d.id())
                .update();
    }

    /** @return whether the delivery gave up (no attempt left) */
    boolean attemptFailed(Due d, Integer status, String error) {
        int attempts = d.attempts() + 1;
        boolean giveUp = attempts >= properties.maxAttempts();
        String e = error.length() > 1000 ? error.substring(0, 1000) : error;
        jdbc.sql("update webhook_deliveries set status = ?, attempts = ?, last_status_code = ?, last_error = ?,"
                        + " next_attempt_at = ? where id = ?")
                .params(
                        giveUp ? "failed" : "pending",
                        attempts,
                        status,
                        e,
                        giveUp ? null : Timestamp.from(clock.instant().plus(properties.backoffAfter(attempts))),
                        d.id())
                .update();
        return giveUp;
    }

    /**
     * Refuses a webhook URL whose host resolves to an address the service must not send to on an
     * operator's word (loopback, private, link-local such as a cloud metadata endpoint, ...; see
     * {@link NetworkGuard}) unless {@code pinwheel.alerts.allowed-networks} contains it. Checked when a
     * webhook is registered and again before each delivery, since a name may resolve elsewhere later.
     *
     * @throws ProblemException 422 {@code address-not-allowed} or {@code host-unresolvable}
     */
    void checkAddress(String url) {
        String host = URI.create(url).getHost();
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(bare);
        } catch (UnknownHostException e) {
            throw new ProblemException(
                    ProblemType.HOST_UNRESOLVABLE, bare + " does not resolve to an address.", Map.of("host", bare));
        }
        for (InetAddress address : addresses) {
            guard.check(bare, address);
        }
    }

    // ---- helpers

    private static List<String> validate(WebhookCommand c) {
        Violations v = new Violations();
        if (c.name() == null || !NAME.matcher(c.name().strip()).matches()) {
            v.add(
                    "name",
                    "is required: 1 to 100 characters a-z, 0-9, '.', '_', '-', starting with a" + " letter or digit");
        }
        if (c.url() == null || c.url().isBlank()) {
            v.add("url", "is required");
        } else {
            String problem = urlProblem(c.url().strip());
            if (problem != null) {
                v.add("url", problem);
            }
        }
        if (c.secret() == null || c.secret().length() < MIN_SECRET || c.secret().length() > MAX_SECRET) {
            v.add("secret", "is required: " + MIN_SECRET + " to " + MAX_SECRET + " characters");
        }
        List<String> kinds = new ArrayList<>();
        if (c.conditions() == null || c.conditions().isEmpty()) {
            Arrays.stream(AlertKind.values()).map(AlertKind::wireName).forEach(kinds::add);
        } else {
            for (int i = 0; i < c.conditions().size(); i++) {
                String k = c.conditions().get(i);
                if (k == null || AlertKind.fromWireName(k).isEmpty()) {
                    v.add(
                            "conditions[" + i + "]",
                            "must be one of "
                                    + Arrays.stream(AlertKind.values())
                                            .map(AlertKind::wireName)
                                            .toList());
                } else if (!kinds.contains(k)) {
                    kinds.add(k);
                }
            }
        }
        v.throwIfAny();
        return kinds;
    }

    private static String urlProblem(String url) {
        if (url.length() > 2000) {
            return "must be at most 2000 characters";
        }
        URI u;
        try {
            u = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return "must be an absolute http or https URL";
        }
        if (u.getHost() == null || u.getHost().isBlank()) {
            return "must name a host";
        }
        if (u.getRawUserInfo() != null) {
            return "must not carry credentials (user info); sign requests with the secret instead";
        }
        if (u.getRawFragment() != null) {
            return "must not have a fragment";
        }
        return null;
    }

    private static String context(String name) {
        return "webhook:" + name;
    }

    private static ProblemException unknown(long id) {
        return ProblemException.notFound("There is no webhook " + id + ".");
    }

    private static WebhookView view(ResultSet rs, int n) throws SQLException {
        return new WebhookView(
                rs.getLong("id"),
                rs.getString("name"),
                rs.getString("url"),
                List.of(rs.getString("conditions").split(",")),
                rs.getBoolean("enabled"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("created_by"));
    }

    private static WebhookDelivery delivery(ResultSet rs, int n) throws SQLException {
        Timestamp next = rs.getTimestamp("next_attempt_at");
        Timestamp delivered = rs.getTimestamp("delivered_at");
        int code = rs.getInt("last_status_code");
        Integer status = rs.wasNull() ? null : code;
        return new WebhookDelivery(
                rs.getLong("id"),
                rs.getLong("webhook_id"),
                rs.getString("condition_kind"),
                rs.getString("dedup_key"),
                rs.getString("status"),
                rs.getInt("attempts"),
                next == null ? null : next.toInstant(),
                status,
                rs.getString("last_error"),
                rs.getTimestamp("created_at").toInstant(),
                delivered == null ? null : delivered.toInstant());
    }
}
