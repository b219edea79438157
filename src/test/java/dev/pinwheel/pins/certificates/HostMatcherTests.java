package dev.pinwheel.pins.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

class HostMatcherTests {

    @Test
    void matchesExactNamesCaseInsensitivelyIgnoringTrailingDot() {
        assertThat(HostMatcher.matches("api.example.com", "API.Example.com.")).isTrue();
        assertThat(HostMatcher.matches("api.example.com", "www.example.com")).isFalse();
    }

    @Test
    void wildcardMatchesExactlyOneLeftMostLabel() {
        assertThat(HostMatcher.matches("*.example.com", "api.example.com")).isTrue();
        assertThat(HostMatcher.matches("*.example.com", "a.b.example.com")).isFalse();
        assertThat(HostMatcher.matches("*.example.com", "example.com")).isFalse();
        assertThat(HostMatcher.matches("*.example.com", ".example.com")).isFalse();
    }

    @Test
    void refusesPartialAndNonLeftMostWildcards() {
        assertThat(HostMatcher.matches("a*.example.com", "api.example.com")).isFalse();
        assertThat(HostMatcher.matches("*i.example.com", "api.example.com")).isFalse();
        assertThat(HostMatcher.matches("api.*.com", "api.example.com")).isFalse();
        assertThat(HostMatcher.matches("*.*.com", "a.example.com")).isFalse();
    }

    @Test
    void refusesWildcardsOverPublicSuffixLikeNames() {
        assertThat(HostMatcher.matches("*.com", "example.com")).isFalse();
        assertThat(HostMatcher.matches("*", "localhost")).isFalse();
    }

    @Test
    void usesCommonNameOnlyWithoutDnsSubjectAltNames() {
        HeldCertificate cnOnly =
                new HeldCertificate.Builder().commonName("api.example.com").build();
        HeldCertificate withSan = new HeldCertificate.Builder()
                .commonName("api.example.com")
                .addSubjectAlternativeName("www.example.com")
                .build();

        assertThat(HostMatcher.covers(cnOnly.certificate(), "api.example.com")).isTrue();
        assertThat(HostMatcher.covers(withSan.certificate(), "api.example.com")).isFalse();
        assertThat(HostMatcher.covers(withSan.certificate(), "www.example.com")).isTrue();
    }

    @Test
    void matchesIpLiteralsOnlyAgainstIpAddressNames() {
        HeldCertificate ip = new HeldCertificate.Builder()
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost")
                .build();

        assertThat(HostMatcher.covers(ip.certificate(), "127.0.0.1")).isTrue();
        assertThat(HostMatcher.covers(ip.certificate(), "127.0.0.2")).isFalse();
        assertThat(HostMatcher.covers(ip.certificate(), "localhost")).isTrue();
    }
}
