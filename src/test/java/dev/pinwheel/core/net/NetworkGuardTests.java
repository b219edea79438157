package dev.pinwheel.core.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkGuardTests {

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    /** An IPv6 address as a resolver may return it (the JDK turns a parsed ::ffff:a.b.c.d into IPv4). */
    static InetAddress v6(String s) throws Exception {
        byte[] b = new byte[16];
        byte[] parsed = InetAddress.getByName(s).getAddress();
        if (parsed.length == 4) {
            b[10] = (byte) 0xff;
            b[11] = (byte) 0xff;
            System.arraycopy(parsed, 0, b, 12, 4);
        } else {
            b = parsed;
        }
        return java.net.Inet6Address.getByAddress(null, b, -1);
    }

    @Test
    void classifiesRestrictedAddresses() throws Exception {
        assertThat(NetworkGuard.restrictedKind(ip("127.0.0.1"))).isEqualTo("loopback");
        assertThat(NetworkGuard.restrictedKind(ip("10.0.0.1"))).isEqualTo("private");
        assertThat(NetworkGuard.restrictedKind(ip("172.31.255.255"))).isEqualTo("private");
        assertThat(NetworkGuard.restrictedKind(ip("172.32.0.1"))).isNull();
        assertThat(NetworkGuard.restrictedKind(ip("192.168.0.1"))).isEqualTo("private");
        assertThat(NetworkGuard.restrictedKind(ip("100.64.0.1"))).startsWith("carrier-grade NAT");
        assertThat(NetworkGuard.restrictedKind(ip("100.128.0.1"))).isNull();
        assertThat(NetworkGuard.restrictedKind(ip("169.254.169.254"))).isEqualTo("link-local");
        assertThat(NetworkGuard.restrictedKind(ip("239.1.1.1"))).isEqualTo("multicast");
        assertThat(NetworkGuard.restrictedKind(ip("0.0.0.0"))).startsWith("wildcard");
        assertThat(NetworkGuard.restrictedKind(ip("fc00::1"))).startsWith("private");
        assertThat(NetworkGuard.restrictedKind(ip("fdff::1"))).startsWith("private");
        assertThat(NetworkGuard.restrictedKind(ip("fe80::1"))).isEqualTo("link-local");
        assertThat(NetworkGuard.restrictedKind(ip("::1"))).isEqualTo("loopback");
        assertThat(NetworkGuard.restrictedKind(ip("::"))).startsWith("wildcard");
        assertThat(NetworkGuard.restrictedKind(ip("8.8.8.8"))).isNull();
        assertThat(NetworkGuard.restrictedKind(ip("2606:4700::1111"))).isNull();
    }

    /** Special-purpose IPv4 blocks that are not global unicast: none may be reached through discovery. */
    @Test
    void refusesSsrfToSpecialPurposeIpv4Blocks() throws Exception {
        NetworkGuard guard = new NetworkGuard("pinwheel.discovery", List.of());
        for (String ip : List.of(
                "198.18.0.1",
                "198.19.255.254",
                "192.0.0.8",
                "192.0.0.170",
                "240.0.0.1",
                "250.1.2.3",
                "255.255.255.255",
                "192.0.2.1",
                "198.51.100.7",
                "203.0.113.9",
                "192.88.99.1",
                "0.1.2.3",
                "127.8.8.8")) {
            assertThat(NetworkGuard.restrictedKind(ip(ip))).as(ip).isNotNull();
            assertThatThrownBy(() -> guard.check("evil.example", ip(ip)))
                    .as(ip)
                    .isInstanceOfSatisfying(
                            ProblemException.class,
                            e -> assertThat(e.type()).isEqualTo(ProblemType.ADDRESS_NOT_ALLOWED));
        }
        assertThat(NetworkGuard.restrictedKind(ip("198.20.0.1"))).isNull();
        assertThat(NetworkGuard.restrictedKind(ip("192.0.1.1"))).isNull();
        assertThat(NetworkGuard.restrictedKind(ip("223.255.255.1"))).isNull();
    }

    /** A DNS answer can smuggle a private IPv4 address inside IPv6: every known embedding is decoded. */
    @Test
    void refusesSsrfThroughIpv4EmbeddedInIpv6() throws Exception {
        assertThat(NetworkGuard.restrictedKind(v6("::ffff:169.254.169.254"))).startsWith("link-local (IPv4-mapped");
        assertThat(NetworkGuard.restrictedKind(v6("::10.0.0.1"))).startsWith("private (IPv4-compatible");
        assertThat(NetworkGuard.restrictedKind(ip("64:ff9b::7f00:1"))).startsWith("loopback (NAT64");
        assertThat(NetworkGuard.restrictedKind(ip("64:ff9b::a9fe:a9fe"))).startsWith("link-local (NAT64");
        assertThat(NetworkGuard.restrictedKind(ip("64:ff9b::c0a8:0101"))).startsWith("private (NAT64");
        assertThat(NetworkGuard.restrictedKind(ip("64:ff9b:1::808:808"))).startsWith("local-use NAT64");
        assertThat(NetworkGuard.restrictedKind(ip("2002:7f00:0001::1"))).startsWith("loopback (6to4");
        assertThat(NetworkGuard.restrictedKind(ip("2002:a00:1::1"))).startsWith("private (6to4");
        assertThat(NetworkGuard.restrictedKind(ip("2002:a9fe:a9fe::1"))).startsWith("link-local (6to4");
        // Teredo: server 10.0.0.1 in bytes 4-7; client 127.0.0.1 stored inverted in the last 4 bytes
        assertThat(NetworkGuard.restrictedKind(ip("2001:0:a00:1::"))).startsWith("private (Teredo");
        assertThat(NetworkGuard.restrictedKind(ip("2001:0:808:808:0:0:80ff:fffe")))
                .startsWith("loopback (Teredo");

        // the same embeddings of a public address are global unicast
        assertThat(NetworkGuard.restrictedKind(ip("64:ff9b::808:808"))).isNull();
        assertThat(NetworkGuard.restrictedKind(ip("2002:808:808::1"))).isNull();
        assertThat(NetworkGuard.restrictedKind(ip("2001:0:808:808:0:0:f7f7:f7f7")))
                .isNull();
    }

    /** Only 2000::/3 is global unicast; documentation, ORCHID and benchmarking blocks inside it are refused too. */
    @Test
    void refusesSsrfToNonGlobalIpv6() throws Exception {
        for (String ip : List.of(
                "::2",
                "100::1",
                "4000::1",
                "fec0::1",
                "ff02::1",
                "2001:db8::1",
                "3fff::1",
                "2001:10::1",
                "2001:20::1",
                "2001:2::1")) {
            assertThat(NetworkGuard.restrictedKind(ip(ip))).as(ip).isNotNull();
        }
        assertThat(NetworkGuard.restrictedKind(ip("2a00:1450:4001::1"))).isNull();
    }

    @Test
    void anEmbeddedAddressInAnAllowListedNetworkMayBeContacted() throws Exception {
        NetworkGuard guard = new NetworkGuard("pinwheel.discovery", List.of("10.8.0.0/16"));
        assertThatCode(() -> guard.check("a", ip("64:ff9b::a08:1"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.check("a", ip("64:ff9b::a09:1"))).isInstanceOf(ProblemException.class);
    }

    /** Discovery must not become a port scanner: only the allowed ports (443 by default) are contacted. */
    @Test
    void refusesPortScanOutsideTheAllowedPorts() {
        NetworkGuard byDefault = new NetworkGuard("pinwheel.discovery", List.of());
        assertThat(byDefault.allowsPort(443)).isTrue();
        for (int port : new int[] {22, 25, 80, 5432, 6379, 8080, 8443}) {
            assertThat(byDefault.allowsPort(port)).as("port " + port).isFalse();
            assertThatThrownBy(() -> byDefault.checkPort("example.com", port))
                    .isInstanceOfSatisfying(ProblemException.class, e -> {
                        assertThat(e.type()).isEqualTo(ProblemType.ADDRESS_NOT_ALLOWED);
                        assertThat(e.detail()).contains("allowed-ports");
                    });
        }
        NetworkGuard ranges = new NetworkGuard("pinwheel.discovery", List.of(), List.of("443", "8443-8445"));
        assertThat(ranges.allowsPort(8444)).isTrue();
        assertThat(ranges.allowsPort(8446)).isFalse();
        assertThatThrownBy(() -> new NetworkGuard("pinwheel.discovery", List.of(), List.of("0")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("allowed-ports");
        assertThatThrownBy(() -> new NetworkGuard("pinwheel.discovery", List.of(), List.of("9-1")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void allowListedNetworksMayBeContacted() throws Exception {
        NetworkGuard guard = new NetworkGuard("pinwheel.discovery", List.of("127.0.0.1/32", "10.8.0.0/16", "fd00::/8"));

        assertThatCode(() -> guard.check("a", ip("127.0.0.1"))).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("a", ip("10.8.200.1"))).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("a", ip("fd12::1"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.check("a", ip("127.0.0.2"))).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> guard.check("a", ip("10.9.0.1"))).isInstanceOf(ProblemException.class);
    }

    @Test
    void refusesABadAllowList() {
        assertThatThrownBy(() -> new NetworkGuard("pinwheel.discovery", List.of("example.com/8")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetworkGuard("pinwheel.discovery", List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
