package dev.pinwheel.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The library must run on Android and in apps without Spring: its classes reference no
 * {@code java.net.http}, no Spring and no JDK-internal API. Reads the constant pool of every
 * compiled class (the dependency side is kept clean by the Maven enforcer rules in the pom).
 */
class DependencyHygieneTests {

    static final List<String> FORBIDDEN =
            List.of("java/net/http/", "org/springframework/", "sun/", "com/sun/", "jdk/internal/", "jdk/");

    @Test
    void clientClassesReferenceNoJavaNetHttpNoSpringAndNoJdkInternals() throws IOException {
        Path classes = Path.of(PinwheelClient.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .getPath());
        List<String> violations = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                scanned++;
                for (String constant : utf8Constants(file)) {
                    for (String prefix : FORBIDDEN) {
                        if (constant.startsWith(prefix) || constant.contains("L" + prefix)) {
                            violations.add(classes.relativize(file) + " -> " + constant);
                        }
                    }
                }
            }
        }
        assertThat(scanned).as("classes scanned").isGreaterThan(10);
        assertThat(violations).isEmpty();
    }

    @Test
    void theScannerWouldSeeAJavaNetHttpReference() throws IOException {
        Path javaNetHttpUser = Files.createTempFile("probe", ".class");
        try (InputStream in = Files.newInputStream(Path.of(
                DependencyHygieneTests.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .getPath(),
                "dev/pinwheel/client/DependencyHygieneTests$Probe.class"))) {
            Files.write(javaNetHttpUser, in.readAllBytes());
        }
        assertThat(utf8Constants(javaNetHttpUser)).anyMatch(c -> c.contains("java/net/http/HttpClient"));
        Files.delete(javaNetHttpUser);
    }

    /** Only here to prove the scanner finds such a reference; never run. */
    static final class Probe {
        Object probe() {
            return java.net.http.HttpClient.newBuilder();
        }
    }

    static List<String> utf8Constants(Path classFile) throws IOException {
        List<String> result = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(Files.newInputStream(classFile))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException(classFile + " is not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> result.add(in.readUTF());
                    case 7, 8, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++;
                    }
                    default -> throw new IOException("unknown constant tag " + tag + " in " + classFile);
                }
            }
        }
        return result;
    }
}
