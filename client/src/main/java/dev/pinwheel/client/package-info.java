/**
 * Pinwheel's reference client: verifies signed pin bundles, keeps the newest good one, polls for
 * new ones, and enforces their pins on TLS connections (OkHttp, or any stack through an
 * {@link javax.net.ssl.X509TrustManager}). Start with {@link dev.pinwheel.client.PinwheelConfig}
 * and {@link dev.pinwheel.client.PinwheelClient}.
 */
package dev.pinwheel.client;
