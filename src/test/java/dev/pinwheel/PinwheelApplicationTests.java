package dev.pinwheel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.PinwheelTest;
import java.sql.Connection;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@PinwheelTest
class PinwheelApplicationTests {

    @Autowired
    DataSource dataSource;

    @Test
    void startsOnPostgresqlWithMigrationsApplied() throws Exception {
        try (Connection c = dataSource.getConnection()) {
            assertThat(c.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
        }
    }
}
