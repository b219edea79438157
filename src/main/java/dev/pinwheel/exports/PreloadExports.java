package dev.pinwheel.exports;

import dev.pinwheel.bundles.BundleClaims;
import dev.pinwheel.bundles.PublishedBundles;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.ProblemType;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.trust.PublishedTrust;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Exports the newest published bundle of an app for preloading into apps. The source is the
 * stored compact JWS that delivery serves ({@link PublishedBundles#latest}); nothing is read from
 * the current pin sets, so an export always carries exactly the published pins.
 */
@Service
public class PreloadExports {

    private final PinCatalog catalog;
    private final PublishedBundles published;
    private final PublishedTrust trust;
    private final JsonMapper json;

    PreloadExports(PinCatalog catalog, PublishedBundles published, PublishedTrust trust, JsonMapper json) {
        this.catalog = catalog;
        this.published = published;
        this.trust = trust;
        this.json = json;
    }

    /**
     * A downloadable file.
     *
     * @param fileName    the name to save it as
     * @param contentType its media type
     * @param seq         the seq of the bundle it was made from
     */
    public record Export(String fileName, String contentType, long seq, byte[] body) {}

    /**
     * @throws ProblemException 404 for an unknown format (with {@code formats}) or app; 409 when the
     *                          app has published nothing yet, or (format {@code bundle}) when no root
     *                          of trust and key set exist yet
     */
    public Export export(String appId, String formatName) {
        ExportFormat format = ExportFormat.of(formatName)
                .orElseThrow(() -> ProblemException.notFound("There is no export format " + formatName + "; use one of "
                                + ExportFormat.wireNames() + ".")
                        .with("formats", ExportFormat.wireNames()));
        if (catalog.app(appId).isEmpty()) {
            throw ProblemException.notFound("There is no app " + appId + ".");
        }
        PublishedBundles.LatestBundle latest = published
                .latest(appId)
                .orElseThrow(() -> new ProblemException(
                        ProblemType.CONFLICT, "App " + appId + " has no published bundle yet; publish one first."));
        BundleClaims b = BundleClaims.fromJws(latest.jws(), json);
        return switch (format) {
            case ANDROID_NSC ->
                text(
                        "network_security_config.xml",
                        "application/xml",
                        PreloadRenderers.androidNetworkSecurityConfig(b),
                        b);
            case OKHTTP -> text("PinwheelCertificatePinner.kt", "text/x-kotlin", PreloadRenderers.okHttpPinner(b), b);
            case TRUSTKIT -> text("TrustKit.plist", "application/x-plist", PreloadRenderers.trustKit(b), b);
            case IOS_ATS -> text("NSPinnedDomains.plist", "application/x-plist", PreloadRenderers.iosAts(b), b);
            case HPKP -> text("public-key-pins.txt", "text/plain", PreloadRenderers.hpkp(b), b);
            case BUNDLE -> baseline(b);
        };
    }

    /**
     * The baseline an app ships, each document as served: the root version the served key set names
     * (so the two always verify together, also between a root upload and the next endorsement), the key
     * set and the bundle.
     */
    private Export baseline(BundleClaims b) {
        PublishedTrust.Snapshot t = trust.current();
        if (t.latestRoot() == null || t.keySet() == null) {
            throw new ProblemException(
                    ProblemType.TRUST_NO_ROOT,
                    "The bundle export carries the root of trust and"
                            + " the key set, and "
                            + (t.latestRoot() == null ? "there is no root version" : "there is no key set")
                            + " yet: run the key ceremony first (docs/key-ceremony.md).");
        }
        return new Export(
                "pinwheel-baseline-" + b.appId() + "-" + b.seq() + ".zip",
                "application/zip",
                b.seq(),
                PreloadRenderers.baselineZip(
                        b,
                        t.roots().get(t.chain().keySet().rootVersion()).body(),
                        t.keySet().body()));
    }

    private static Export text(String fileName, String type, String body, BundleClaims b) {
        return new Export(fileName, type + "; charset=utf-8", b.seq(), body.getBytes(StandardCharsets.UTF_8));
    }
}
