package dev.pinwheel.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pinwheel.PinwheelApplication;
import dev.pinwheel.support.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;

/** Starts the whole service on a fresh database to see what happens with each master key setup. */
class MasterKeyStartupTests {

    static final String KEY_A = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUE=";
    static final String KEY_B = "QkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkJCQkI=";

    @TempDir
    Path dir;

    @Test
    void refusesToStartWithAWrongMasterKeyAndCreatesNoNewKeys() {
        String db = TestDatabase.get().freshSibling().url();
        List<String> kids;
        try (ConfigurableApplicationContext first = start(db, "PINWHEEL_MASTER_KEY=" + KEY_A)) {
            kids = first.getBean(SigningKeys.class).list().stream()
                    .map(SigningKeyView::kid)
                    .toList();
        }
        assertThat(kids).hasSize(2);

        assertThatThrownBy(() -> start(db, "PINWHEEL_MASTER_KEY=" + KEY_B))
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                        .isInstanceOf(MasterKeyException.class)
                        .hasMessageContaining("does not decrypt the stored signing key")
                        .hasMessageNotContaining(KEY_B));

        try (ConfigurableApplicationContext again = start(db, "PINWHEEL_MASTER_KEY=" + KEY_A)) {
            assertThat(again.getBean(SigningKeys.class).list())
                    .extracting(SigningKeyView::kid)
                    .containsExactlyInAnyOrderElementsOf(kids);
        }
    }

    @Test
    void refusesToStartWithoutAMasterKeyWhenGenerationIsOff() {
        String db = TestDatabase.get().freshSibling().url();
        assertThatThrownBy(() -> start(db, "PINWHEEL_MASTER_KEY=", "pinwheel.signing.generate-master-key=false"))
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                        .isInstanceOf(MasterKeyException.class)
                        .hasMessageContaining("No master key"));
    }

    @Test
    void quickStartGeneratesAMasterKeyFileAndARestartReusesIt() throws Exception {
        String db = TestDatabase.get().freshSibling().url();
        Path file = dir.resolve("data/master.key");
        String location = "pinwheel.signing.generated-master-key-file=" + file;
        List<String> kids;
        try (ConfigurableApplicationContext first = start(db, "PINWHEEL_MASTER_KEY=", location)) {
            kids = first.getBean(SigningKeys.class).list().stream()
                    .map(SigningKeyView::kid)
                    .toList();
        }
        assertThat(file).exists();
        String content = Files.readString(file);

        try (ConfigurableApplicationContext again = start(db, "PINWHEEL_MASTER_KEY=", location)) {
            assertThat(again.getBean(SigningKeys.class).list())
                    .extracting(SigningKeyView::kid)
                    .containsExactlyInAnyOrderElementsOf(kids);
        }
        assertThat(Files.readString(file)).isEqualTo(content);
    }

    private static ConfigurableApplicationContext start(String db, String... properties) {
        String[] args = new String[properties.length + 2];
        args[0] = "--pinwheel.test.database-url=" + db;
        args[1] = "--server.port=0";
        for (int i = 0; i < properties.length; i++) {
            args[i + 2] = "--" + properties[i];
        }
        return new SpringApplicationBuilder(PinwheelApplication.class).run(args);
    }
}
