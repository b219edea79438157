package dev.pinwheel.pins.certificates;

import dev.pinwheel.pins.PinHash;
import java.time.Instant;
import java.util.List;

/**
 * What Pinwheel knows about one X.509 certificate.
 *
 * @param subject           RFC 2253 subject DN
 * @param issuer            RFC 2253 issuer DN
 * @param serial            serial number, lower-case hex
 * @param subjectAltNames   dNSName (and iPAddress) subject alternative names, in certificate order; never null
 * @param notBefore         start of validity
 * @param notAfter          end of validity
 * @param keyAlgorithm      {@code RSA}, {@code EC}, {@code Ed25519}, {@code Ed448} or the JDK's name
 * @param keySize           RSA modulus bits, EC field bits, 256 for Ed25519; null when unknown
 * @param keyCurve          EC curve name (e.g. {@code P-256}); null for other keys
 * @param spkiPin           the pin of the key (SHA-256 of the DER SubjectPublicKeyInfo)
 * @param sha256Fingerprint lower-case hex SHA-256 of the DER certificate
 */
public record CertificateInfo(
        String subject,
        String issuer,
        String serial,
        List<String> subjectAltNames,
        Instant notBefore,
        Instant notAfter,
        String keyAlgorithm,
        Integer keySize,
        String keyCurve,
        PinHash spkiPin,
        String sha256Fingerprint) {}
