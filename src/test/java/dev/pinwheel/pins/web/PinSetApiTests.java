package dev.pinwheel.pins.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.core.AuditableEvent;
import dev.pinwheel.support.TestCertificates;
import dev.pinwheel.support.TestCertificates.KeyType;
import dev.pinwheel.support.TestHttp.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class PinSetApiTests extends ApiTestSupport {

    String path(String host) {
        return "/admin/v1/domains/" + host + "/pin-set";
    }

    /** A domain with version 1: a primary and a backup pin. */
    String domainWithVersion1(String mode, String primary, String backup) {
        String h = host();
        createDomain(h, mode);
        Response r = put(path(h), pinSet(pin(primary, "primary"), pin(backup, "backup")), ifMatch("\"0\""));
        assertThat(r.status()).as(r.raw().body()).isEqualTo(201);
        return h;
    }

    @Test
    void createsReplacesAndDiffsVersionsWithETags() {
        String h = host();
        createDomain(h, "enforce");
        String cert = TestCertificates.selfSigned(KeyType.EC_P256, h);
        String certPin = "sha256/" + TestCertificates.opensslPin(cert);
        String backup = randomPin();

        Response v1 = put(
                path(h),
                Map.of(
                        "comment",
                        "first",
                        "pins",
                        List.of(
                                Map.of("certificate", cert, "role", "primary", "label", "current cert"),
                                Map.of(
                                        "sha256",
                                        backup.substring("sha256/".length()),
                                        "role",
                                        "backup",
                                        "label",
                                        "offline key"))),
                ifMatch("\"0\""));

        assertThat(v1.status()).as(v1.raw().body()).isEqualTo(201);
        assertThat(v1.header("ETag")).isEqualTo("\"1\"");
        assertThat(v1.header("Location")).isEqualTo(path(h) + "/versions/1");
        assertThat(v1.json().get("version").asInt()).isEqualTo(1);
        assertThat(v1.json().get("author").asString()).startsWith("bootstrap");
        JsonNode p0 = v1.json().get("pins").get(0);
        assertThat(p0.get("sha256").asString()).isEqualTo(certPin);
        assertThat(p0.get("certificate").get("subject").asString()).contains("CN=" + h);
        assertThat(p0.get("certificate").has("notAfter")).isTrue();
        assertThat(v1.json().get("pins").get(1).get("sha256").asString())
                .as("bare base64 normalised")
                .isEqualTo(backup);

        Response current = get(path(h));
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.header("ETag")).isEqualTo("\"1\"");
        assertThat(current.json().get("comment").asString()).isEqualTo("first");

        String newBackup = randomPin();
        Response v2 = put(
                path(h),
                Map.of(
                        "comment",
                        "rotate",
                        "pins",
                        List.of(pin(certPin, "backup"), pin(backup, "primary"), pin(newBackup, "backup"))),
                ifMatch(current.header("ETag")));
        assertThat(v2.status()).as(v2.raw().body()).isEqualTo(200);
        assertThat(v2.header("ETag")).isEqualTo("\"2\"");
        assertThat(get("/admin/v1/domains/" + h).json().get("currentVersion").asInt())
                .isEqualTo(2);

        JsonNode history = get(path(h) + "/versions").json();
        assertThat(history.get("items").findValuesAsString("comment")).containsExactly("rotate", "first");
        assertThat(history.get("items").get(0).get("version").asInt()).isEqualTo(2);
        assertThat(history.get("items").get(0).get("author").asString()).startsWith("bootstrap");
        assertThat(history.get("items").get(0).has("createdAt")).isTrue();
        assertThat(history.get("totalItems").asInt()).isEqualTo(2);
        assertThat(get(path(h) + "/versions?size=1&page=1")
                        .json()
                        .get("items")
                        .get(0)
                        .get("version")
                        .asInt())
                .isEqualTo(1);

        JsonNode old = get(path(h) + "/versions/1").json();
        assertThat(old.get("pins").findValuesAsString("sha256")).containsExactly(certPin, backup);

        JsonNode diff = get(path(h) + "/diff?from=1&to=2").json();
        assertThat(diff.get("added").findValuesAsString("sha256")).containsExactly(newBackup);
        assertThat(diff.get("removed").size()).isZero();
        assertThat(diff.get("roleChanged").findValuesAsString("sha256")).containsExactly(certPin, backup);
        assertThat(diff.get("roleChanged").get(0).get("from").asString()).isEqualTo("primary");
        assertThat(diff.get("roleChanged").get(0).get("to").asString()).isEqualTo("backup");
        JsonNode back = get(path(h) + "/diff?from=2&to=1").json();
        assertThat(back.get("removed").findValuesAsString("sha256")).containsExactly(newBackup);

        List<AuditableEvent> created = events.forTarget("domain:" + h).stream()
                .filter(e -> e.action().equals("pin-set.version-created"))
                .toList();
        assertThat(created).hasSize(2);
        assertThat(created.get(1).summary())
                .containsEntry("version", 2)
                .containsEntry("added", List.of(newBackup))
                .containsEntry("comment", "rotate");
    }

    @Test
    void answers404BeforeTheFirstVersionAndForUnknownVersionsOrDomains() {
        String h = host();
        createDomain(h, "report");
        get(path(h)).problem(404, "not-found");
        get(path(h) + "/versions/1").problem(404, "not-found");
        assertThat(get(path(h) + "/versions").json().get("totalItems").asInt()).isZero();
        get(path(host())).problem(404, "not-found");
        put(path(host()), pinSet(pin(randomPin(), "primary")), ifMatch("\"0\"")).problem(404, "not-found");
        get(path(h) + "/diff?from=0&to=1").problem(404, "not-found");
        assertThat(get(path(h) + "/diff?from=1").violations()).containsKey("to");
        assertThat(get(path(h) + "/versions/x").violations()).containsKey("version");
    }

    @Test
    void requiresIfMatch() {
        String a = randomPin();
        String h = domainWithVersion1("enforce", a, randomPin());

        JsonNode p = put(path(h), pinSet(pin(a, "primary"), pin(randomPin(), "backup")))
                .problem(428, "precondition-required");

        assertThat(p.get("detail").asString()).contains("If-Match");
        assertThat(get(path(h)).header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void refusesStaleIfMatchWithCurrentVersion() {
        String a = randomPin();
        String h = domainWithVersion1("enforce", a, randomPin());
        put(path(h), pinSet(pin(a, "primary"), pin(randomPin(), "backup")), ifMatch("\"1\""));

        JsonNode p = put(path(h), pinSet(pin(a, "primary"), pin(randomPin(), "backup")), ifMatch("\"1\""))
                .problem(412, "precondition-failed");

        assertThat(p.get("currentVersion").asInt()).isEqualTo(2);
        assertThat(get(path(h) + "/versions").json().get("totalItems").asInt()).isEqualTo(2);
        put(path(h), pinSet(pin(a, "primary"), pin(randomPin(), "backup")), ifMatch("\"7\""))
                .problem(412, "precondition-failed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "W/\"x\"", "abc", "\"-1\""})
    void refusesIfMatchThatNamesNoVersion(String etag) {
        String h = host();
        createDomain(h, "report");
        assertThat(put(path(h), pinSet(pin(randomPin(), "primary")), ifMatch(etag))
                        .violations())
                .containsKey("If-Match");
    }

    @Test
    void refusesBadPinsListingEachFieldAndStoresNothing() {
        String a = randomPin();
        String h = domainWithVersion1("report", a, randomPin());
        Map<String, Object> both = new HashMap<>(pin(randomPin(), "primary"));
        both.put("certificate", TestCertificates.selfSigned(KeyType.EC_P256, "x.example"));
        List<Object> pins = new ArrayList<>();
        pins.add(pin(a, "primary"));
        pins.add(pin("sha1/" + a.substring(7), "backup"));
        pins.add(pin("sha256/AAAA", "backup"));
        pins.add(pin("sha256/not*base64", "backup"));
        pins.add(pin(randomPin(), "secondary"));
        pins.add(Map.of("role", "backup"));
        pins.add(Map.of("sha256", randomPin()));
        pins.add(both);
        pins.add(Map.of(
                "certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "role", "backup"));

        Map<String, String> v =
                put(path(h), Map.of("pins", pins), ifMatch("\"1\"")).violations();

        assertThat(v)
                .containsOnlyKeys(
                        "pins[1].sha256",
                        "pins[2].sha256",
                        "pins[3].sha256",
                        "pins[4].role",
                        "pins[5].sha256",
                        "pins[6].role",
                        "pins[7]",
                        "pins[8].certificate");
        assertThat(v.get("pins[1].sha256")).contains("sha1");
        assertThat(v.get("pins[2].sha256")).contains("32 bytes");
        assertThat(v.get("pins[3].sha256")).contains("base64");
        assertThat(v.get("pins[4].role")).contains("primary or backup");
        assertThat(v.get("pins[8].certificate")).contains("certificate");
        assertThat(get(path(h)).header("ETag")).isEqualTo("\"1\"");
    }

    @Test
    void refusesMissingPinsList() {
        String h = host();
        createDomain(h, "report");
        assertThat(put(path(h), Map.of("comment", "x"), ifMatch("\"0\"")).violations())
                .containsKey("pins");
        put(path(h), "{\"pins\": [", ifMatch("\"0\"")).problem(400, "malformed-body");
        get(path(h)).problem(404, "not-found");
    }

    @Test
    void refusesDuplicatePinsNamingThePin() {
        String h = host();
        createDomain(h, "report");
        String a = randomPin();
        JsonNode p = put(
                        path(h),
                        pinSet(pin(a, "primary"), pin(randomPin(), "backup"), pin(a.substring(7), "backup")),
                        ifMatch("\"0\""))
                .problem(409, "pin-set-rule");
        assertThat(p.get("rule").asString()).isEqualTo("no-duplicate-pins");
        assertThat(p.get("pin").asString()).isEqualTo(a);
        assertThat(p.get("field").asString()).isEqualTo("pins[2]");
        get(path(h)).problem(404, "not-found");
    }

    @Test
    void refusesEnforcedSetWithoutBackup() {
        String h = host();
        createDomain(h, "enforce");
        JsonNode p = put(path(h), pinSet(pin(randomPin(), "primary"), pin(randomPin(), "primary")), ifMatch("\"0\""))
                .problem(409, "pin-set-rule");
        assertThat(p.get("rule").asString()).isEqualTo("enforce-needs-backup");
        assertThat(p.get("detail").asString()).contains("backup");
        get(path(h)).problem(404, "not-found");
        assertThat(events.forTarget("domain:" + h))
                .extracting(AuditableEvent::action)
                .containsExactly("domain.created");
    }

    @Test
    void refusesEnforcedSetWithTooFewPins() {
        String h = host();
        createDomain(h, "enforce");
        String only = randomPin();
        JsonNode p = put(path(h), pinSet(pin(only, "backup")), ifMatch("\"0\"")).problem(409, "pin-set-rule");
        assertThat(p.get("rule").asString()).isEqualTo("enforce-needs-two-pins");
        assertThat(p.get("pin").asString()).isEqualTo(only);
    }

    @Test
    void refusesEmptySet() {
        String h = host();
        createDomain(h, "report");
        JsonNode p = put(path(h), Map.of("pins", List.of()), ifMatch("\"0\"")).problem(409, "pin-set-rule");
        assertThat(p.get("rule").asString()).isEqualTo("at-least-one-pin");
    }

    @Test
    void reportModeAcceptsASinglePrimaryPin() {
        String h = host();
        createDomain(h, "report");
        assertThat(put(path(h), pinSet(pin(randomPin(), "primary")), ifMatch("\"0\""))
                        .status())
                .isEqualTo(201);
    }

    @Test
    void concurrentReplacementsWithSameIfMatchMakeExactlyOneVersion() throws Exception {
        String a = randomPin();
        String h = domainWithVersion1("enforce", a, randomPin());
        int threads = 6;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String backup = randomPin();
                Callable<Response> call = () -> {
                    start.await();
                    return put(path(h), pinSet(pin(a, "primary"), pin(backup, "backup")), ifMatch("\"1\""));
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            Response winner = null;
            for (Future<Response> f : results) {
                Response r = f.get();
                statuses.add(r.status());
                if (r.status() == 200) {
                    winner = r;
                } else {
                    assertThat(r.problem(412, "precondition-failed")
                                    .get("currentVersion")
                                    .asInt())
                            .isEqualTo(2);
                }
            }
            assertThat(statuses).containsOnlyOnce(200).containsOnly(200, 412);
            JsonNode current = get(path(h)).json();
            assertThat(current.get("version").asInt()).isEqualTo(2);
            assertThat(current.get("pins")).isEqualTo(winner.json().get("pins"));
            assertThat(get(path(h) + "/versions").json().get("totalItems").asInt())
                    .isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- certificate pins

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void certificatePinsMatchOpenssl(KeyType type) {
        String pem = TestCertificates.selfSigned(type, "c.example");
        JsonNode r =
                post("/admin/v1/certificate-pins", Map.of("certificates", pem)).json();
        JsonNode c = r.get("certificates").get(0);
        assertThat(c.get("sha256").asString()).isEqualTo("sha256/" + TestCertificates.opensslPin(pem));
        assertThat(c.get("subject").asString()).isEqualTo("O=Pinwheel Test,CN=c.example");
        assertThat(c.get("keyAlgorithm").asString()).isNotBlank();
        assertThat(c.has("serial") && c.has("issuer") && c.has("notBefore") && c.has("notAfter"))
                .isTrue();
    }

    @Test
    void certificatePinsOfAChainInOrder() {
        String a = TestCertificates.selfSigned(KeyType.RSA_2048, "a.example");
        String b = TestCertificates.selfSigned(KeyType.ED25519, "b.example");
        Response r = post("/admin/v1/certificate-pins", Map.of("certificates", a + b));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("certificates").findValuesAsString("sha256"))
                .containsExactly(
                        "sha256/" + TestCertificates.opensslPin(a), "sha256/" + TestCertificates.opensslPin(b));
        assertThat(r.json().get("certificates").findValuesAsString("keyAlgorithm"))
                .containsExactly("RSA 2048", "Ed25519");
    }

    @Test
    void attackQuadraticPemTextThroughTheApiIsRefusedWithinABound() {
        String attack = "-----BEGIN A-----".repeat(128 * 1024 / 17);

        Response r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(10),
                () -> post("/admin/v1/certificate-pins", Map.of("certificates", attack)));

        assertThat(r.problem(413, "pem-too-large").get("detail").asString())
                .contains("certificates: is " + attack.length() + " characters; at most 65536 are read");
    }

    @Test
    void certificatePinsRefusesBadInput() {
        assertThat(post("/admin/v1/certificate-pins", Map.of("certificates", "hello"))
                        .problem(422, "pem-malformed")
                        .get("violations")
                        .get(0)
                        .get("field")
                        .asString())
                .isEqualTo("certificates");
        assertThat(post("/admin/v1/certificate-pins", Map.of()).violations()).containsKey("certificates");
        assertThat(post(
                                "/admin/v1/certificate-pins",
                                Map.of(
                                        "certificates",
                                        "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----"))
                        .problem(422, "pem-wrong-block")
                        .get("detail")
                        .asString())
                .contains("private key")
                .doesNotContain("MC4CAQAwBQYDK2VwBCIEIA");
    }
}
