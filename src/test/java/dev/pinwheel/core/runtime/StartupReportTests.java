package dev.pinwheel.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.PinwheelTest;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;

@PinwheelTest
@ExtendWith(OutputCaptureExtension.class)
class StartupReportTests {

    @Autowired
    DataSource dataSource;

    @Autowired
    Environment environment;

    @Test
    void startupLineNamesProfileAndDatabaseWithoutCredentials(CapturedOutput output) {
        new StartupReport(dataSource, environment).onApplicationEvent(null);

        assertThat(output.getOut())
                .containsPattern(
                        "Pinwheel ready: profile\\(s\\) default, database PostgreSQL [0-9.]+.* at [^ ]+:[0-9]+/pinwheel_test_[a-z0-9]+");
    }

    @Test
    void describeDropsCredentialsAndParameters() {
        assertThat(StartupReport.describe(
                        "jdbc:postgresql://admin:s3cret@db.internal:5432/pins?password=s3cret&ssl=true"))
                .isEqualTo("db.internal:5432/pins");
        assertThat(StartupReport.describe("jdbc:postgresql://db/pins")).isEqualTo("db/pins");
        assertThat(StartupReport.describe("jdbc:h2:file:./data/pinwheel;MODE=PostgreSQL;PASSWORD=x"))
                .isEqualTo("h2:file:./data/pinwheel");
        assertThat(StartupReport.describe(null)).isEqualTo("unknown");
    }
}
