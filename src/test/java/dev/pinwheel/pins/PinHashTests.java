package dev.pinwheel.pins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PinHashTests {

    static final String B64 = Base64.getEncoder().encodeToString(sha256("pinwheel"));
    static final String VALID = "sha256/" + B64;

    static byte[] sha256(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void parsesPrefixedPin() {
        assertThat(PinHash.parse(VALID).value()).isEqualTo(VALID);
        assertThat(PinHash.parse(VALID).base64()).isEqualTo(B64);
    }

    @Test
    void normalisesBareBase64() {
        assertThat(PinHash.parse(B64).value()).isEqualTo(VALID);
    }

    @Test
    void acceptsMissingPaddingAndNormalisesIt() {
        assertThat(PinHash.parse(B64.substring(0, 43)).value()).isEqualTo(VALID);
    }

    @Test
    void equalPinsAreEqual() {
        assertThat(PinHash.parse(B64)).isEqualTo(PinHash.parse(VALID));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha1/", "md5/", "sha512/", "SHA1/", "pin-sha256/"})
    void refusesOtherHashAlgorithms(String prefix) {
        assertThatThrownBy(() -> PinHash.parse(prefix + B64))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unsupported hash");
    }

    @Test
    void acceptsBareBase64ThatHappensToLookLikeAPrefix() {
        String b64 = "sha1/" + B64.substring(5);
        assertThat(PinHash.parse(b64).value()).isEqualTo("sha256/" + b64);
    }

    @Test
    void refusesUpperCasePrefix() {
        assertThatThrownBy(() -> PinHash.parse("SHA256/" + B64)).hasMessageContaining("'sha256/' in lower case");
    }

    @Test
    void refusesPrefixWithoutHash() {
        assertThatThrownBy(() -> PinHash.parse("sha256/")).hasMessageContaining("no base64");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
            })
    void refusesEmpty(String s) {
        assertThatThrownBy(() -> PinHash.parse(s)).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> PinHash.parse(null)).hasMessageContaining("must not be empty");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq!=",
                "qqqq qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq=",
                "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq-_=",
                "qq=qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq",
                "qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq=\n"
            })
    void refusesBadBase64(String s) {
        assertThatThrownBy(() -> PinHash.parse(s)).hasMessageContaining("base64");
    }

    @Test
    void refusesBase64WithWrongPaddingLength() {
        assertThatThrownBy(() -> PinHash.parse("qqqqq")).hasMessageContaining("not valid base64");
    }

    @ParameterizedTest
    @CsvSource({"20", "31", "33", "48", "64", "0"})
    void refusesWrongLength(int bytes) {
        String b64 = Base64.getEncoder().encodeToString(new byte[bytes]);
        if (bytes == 0) {
            assertThatThrownBy(() -> PinHash.parse("sha256/" + b64)).hasMessageContaining("no base64");
            return;
        }
        assertThatThrownBy(() -> PinHash.parse("sha256/" + b64))
                .hasMessageContaining("decodes to " + bytes + " bytes")
                .hasMessageContaining("exactly 32 bytes");
    }

    @Test
    void refusesNonCanonicalTrailingBits() {
        // the last base64 character carries 2 bits that 32 bytes do not use; setting one is not canonical
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        char last = alphabet.charAt(alphabet.indexOf(B64.charAt(42)) | 1);
        String nonCanonical = B64.substring(0, 42) + last + "=";
        assertThatThrownBy(() -> PinHash.parse(nonCanonical)).hasMessageContaining("not canonical base64");
    }

    @Test
    void constructorRefusesNonCanonicalValues() {
        assertThatThrownBy(() -> new PinHash("abc")).isInstanceOf(IllegalArgumentException.class);
    }
}
