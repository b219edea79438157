package dev.pinwheel.core.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Who the client is: decided on addresses only, nothing is connected to. */
class ClientAddressesTests {

    static ClientAddresses trusting(String... proxies) {
        return new ClientAddresses(new ClientAddressProperties(List.of(proxies), 64));
    }

    static MockHttpServletRequest from(String peer, String... headers) {
        MockHttpServletRequest r = new MockHttpServletRequest();
        r.setRemoteAddr(peer);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            r.addHeader(headers[i], headers[i + 1]);
        }
        return r;
    }

    @Test
    void attackForgedForwardedForFromAnUntrustedPeerIsIgnored() {
        ClientAddresses clients = trusting("10.0.0.0/8");

        assertThat(clients.key(from("203.0.113.9", "X-Forwarded-For", "198.51.100.1")))
                .isEqualTo("203.0.113.9");
        assertThat(clients.key(from("203.0.113.9", "Forwarded", "for=198.51.100.1")))
                .isEqualTo("203.0.113.9");
    }

    @Test
    void attackIpv6AddressesOfOneSlash64ShareOneKey() {
        ClientAddresses clients = trusting();

        String a = clients.key(from("2001:db8:aa:bb::1"));
        String b = clients.key(from("2001:db8:aa:bb:ffff:1234:5678:9abc"));
        String other = clients.key(from("2001:db8:aa:bc::1"));

        assertThat(a).isEqualTo(b).isEqualTo("2001:db8:aa:bb:0:0:0:0/64");
        assertThat(other).isNotEqualTo(a);
    }

    @Test
    void attackPrependedForwardedForEntriesDoNotChooseTheClient() {
        ClientAddresses clients = trusting("10.0.0.1", "10.0.0.2");

        // the client wrote "1.2.3.4" itself; the trusted proxies appended what they saw
        MockHttpServletRequest r = from("10.0.0.2", "X-Forwarded-For", "1.2.3.4, 198.51.100.7, 10.0.0.1");

        assertThat(clients.client(r).getHostAddress()).isEqualTo("198.51.100.7");
    }

    @Test
    void readsTheStandardForwardedHeaderWithQuotesBracketsAndPorts() {
        ClientAddresses clients = trusting("::1");

        assertThat(clients.key(from("::1", "Forwarded", "for=\"[2001:db8:1:2::17]:4711\";proto=https")))
                .isEqualTo("2001:db8:1:2:0:0:0:0/64");
        assertThat(clients.key(from("0:0:0:0:0:0:0:1", "Forwarded", "for=192.0.2.60:8080;by=10.0.0.1")))
                .isEqualTo("192.0.2.60");
    }

    @Test
    void garbageInTheHeaderStopsAtTheTrustedProxy() {
        ClientAddresses clients = trusting("127.0.0.1");

        assertThat(clients.key(from("127.0.0.1", "X-Forwarded-For", "evil.example.com")))
                .isEqualTo("127.0.0.1");
        assertThat(clients.key(from("127.0.0.1", "Forwarded", "for=unknown"))).isEqualTo("127.0.0.1");
        assertThat(clients.key(from("127.0.0.1"))).isEqualTo("127.0.0.1");
    }

    @Test
    void cidrParsesLiteralsOnlyAndChecksPrefixLengths() {
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.literal("10.255.0.1")))
                .isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.literal("11.0.0.1"))).isFalse();
        assertThat(Cidr.parse("2001:db8::/32").contains(Cidr.literal("2001:db8:ffff::1")))
                .isTrue();
        assertThat(Cidr.parse("2001:db8::/32").contains(Cidr.literal("10.0.0.1")))
                .isFalse();
        assertThat(Cidr.literal("localhost")).isNull();
        assertThat(Cidr.literal("1.2.3")).isNull();
        assertThat(Cidr.literal("256.1.1.1")).isNull();
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("prefix length");
        assertThatThrownBy(() -> trusting("proxy.internal")).hasMessageContaining("trusted-proxies");
    }
}
