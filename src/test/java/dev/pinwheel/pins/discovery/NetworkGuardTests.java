package dev.pinwheel.pins.discovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import dev.pinwheel.core.ProblemException;
import org.junit.jupiter.api.Test;

class NetworkGuardTests {

    static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
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

    @Test
    void allowListedNetworksMayBeContacted() throws Exception {
        NetworkGuard guard = new NetworkGuard(List.of("127.0.0.1/32", "10.8.0.0/16", "fd00::/8"));

        assertThatCode(() -> guard.check("a", ip("127.0.0.1"))).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("a", ip("10.8.200.1"))).doesNotThrowAnyException();
        assertThatCode(() -> guard.check("a", ip("fd12::1"))).doesNotThrowAnyException();
        assertThatThrownBy(() -> guard.check("a", ip("127.0.0.2"))).isInstanceOf(ProblemException.class);
        assertThatThrownBy(() -> guard.check("a", ip("10.9.0.1"))).isInstanceOf(ProblemException.class);
    }

    @Test
    void refusesABadAllowList() {
        assertThatThrownBy(() -> new NetworkGuard(List.of("example.com/8"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetworkGuard(List.of("10.0.0.0/33"))).isInstanceOf(IllegalArgumentException.class);
    }
}
