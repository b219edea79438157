package dev.pinwheel.pins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class HostNameTests {

    @ParameterizedTest
    @CsvSource({
        "api.example.com, api.example.com",
        "API.Example.COM, api.example.com",
        "api.example.com., api.example.com",
        "bücher.example, xn--bcher-kva.example",
        "BÜCHER.example., xn--bcher-kva.example",
        "xn--bcher-kva.example, xn--bcher-kva.example",
        "例え.テスト, xn--r8jz45g.xn--zckzah",
        "a-b.c0, a-b.c0",
        "localhost, localhost",
        "1password.com, 1password.com"
    })
    void normalises(String input, String expected) {
        assertThat(HostName.of(input).value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"*.example.com", "*", "api.*.example.com", "a*.example.com"})
    void refusesWildcards(String host) {
        assertThatThrownBy(() -> HostName.of(host)).hasMessageContaining("wildcards are not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.0.1", "10.0.0.1.", "127.1", "8.8.8.8"})
    void refusesIpv4Literals(String host) {
        assertThatThrownBy(() -> HostName.of(host)).hasMessageContaining("IP address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"::1", "[::1]", "2001:db8::1", "[2001:db8::1]", "fe80::1%eth0", "example.com:443"})
    void refusesIpv6LiteralsAndPorts(String host) {
        assertThatThrownBy(() -> HostName.of(host)).hasMessageContaining("IP addresses");
    }

    @Test
    void refusesNumericTopLevelLabel() {
        assertThatThrownBy(() -> HostName.of("example.123")).hasMessageContaining("numeric label");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "."})
    void refusesEmpty(String host) {
        assertThatThrownBy(() -> HostName.of(host)).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> HostName.of(null)).hasMessageContaining("must not be empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a..b.com", ".example.com", "example.com..", "example..com."})
    void refusesEmptyLabels(String host) {
        assertThatThrownBy(() -> HostName.of(host)).hasMessageContaining("empty label");
    }

    @Test
    void acceptsLabelOf63AndRefusesLabelOf64() {
        assertThat(HostName.of("a".repeat(63) + ".com").value()).hasSize(67);
        assertThatThrownBy(() -> HostName.of("a".repeat(64) + ".com")).hasMessageContaining("label of 64 characters");
    }

    @Test
    void refusesLongPunycodeLabel() {
        assertThatThrownBy(() -> HostName.of("ü".repeat(60) + ".com")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void acceptsHostOf253AndRefuses254() {
        String label = "a".repeat(61);
        String h253 = label + "." + label + "." + label + "." + label + "." + "b" + ".cde"; // 4*62 + 1 + 4
        assertThat(h253).hasSize(253);
        assertThat(HostName.of(h253).value()).hasSize(253);
        assertThatThrownBy(() -> HostName.of(h253 + "f")).hasMessageContaining("at most 253");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "exa mple.com",
                "example.com/path",
                "user@example.com",
                "ex_ample.com",
                "example.com?",
                "a\tb.com",
                "ex%41mple.com",
                "a,b.com",
                "\\example.com"
            })
    void refusesInvalidCharacters(String host) {
        assertThatThrownBy(() -> HostName.of(host)).hasMessageContaining("invalid character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ex!ample.com", "exa\"mple.com", "exa(mple).com"})
    void refusesOtherNonLdhCharacters(String host) {
        assertThatThrownBy(() -> HostName.of(host)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-api.example.com", "api-.example.com", "api.example.com-", "-.com"})
    void refusesLabelsWithLeadingOrTrailingHyphen(String host) {
        assertThatThrownBy(() -> HostName.of(host)).hasMessageContaining("hyphen");
    }

    @Test
    void refusesUnnormalisedValueInConstructor() {
        assertThatThrownBy(() -> new HostName("API.example.com")).isInstanceOf(IllegalArgumentException.class);
    }
}
