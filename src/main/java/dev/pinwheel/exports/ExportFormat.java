package dev.pinwheel.exports;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The preloading formats, by their path name. */
public enum ExportFormat {
    ANDROID_NSC("android-nsc"),
    OKHTTP("okhttp"),
    TRUSTKIT("trustkit"),
    IOS_ATS("ios-ats"),
    HPKP("hpkp"),
    BUNDLE("bundle");

    private final String wireName;

    ExportFormat(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The format with this path name, or empty. */
    public static Optional<ExportFormat> of(String wireName) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(ExportFormat::wireName).toList();
    }
}
