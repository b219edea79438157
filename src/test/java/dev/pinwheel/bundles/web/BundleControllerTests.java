package dev.pinwheel.bundles.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.verifyNoInteractions;

import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.core.web.WebProperties;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/**
 * The bundle admin controller alone (a web slice, no database): malformed bodies, app ids and
 * seqs get a problem naming what is wrong before the service is called. Tokens and roles are
 * tested end to end ({@code BundleAdminBadInputTests}), so the security filters are left out here.
 */
@WebMvcTest(BundleController.class)
@AutoConfigureMockMvc(addFilters = false)
@EnableConfigurationProperties(WebProperties.class) // the web filters' settings (a slice scans no properties)
class BundleControllerTests {

    private static final String PROBLEMS = "https://pinwheel.dev/problems/";

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    BundleManagement bundles;

    @Test
    void rejectsMalformedBodies() {
        for (String body : List.of("{not json", "{\"dryRun\": \"maybe\"}", "[]")) {
            assertProblem(
                    mvc.post()
                            .uri("/admin/v1/apps/app-1/bundles")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(body)
                            .exchange(),
                    "malformed-body");
        }
        verifyNoInteractions(bundles);
    }

    @Test
    void rejectsMalformedAppIdsAndSeqsBeforeAnythingIsLookedUp() {
        assertViolation(mvc.post().uri("/admin/v1/apps/Not_An_App/bundles").exchange(), "appId");
        assertViolation(mvc.get().uri("/admin/v1/apps/app-1/bundles/0").exchange(), "seq");
        assertViolation(
                mvc.post().uri("/admin/v1/apps/app-1/bundles/0/republish").exchange(), "seq");
        assertProblem(mvc.get().uri("/admin/v1/apps/app-1/bundles/abc").exchange(), "validation");
        assertProblem(mvc.get().uri("/admin/v1/apps/app-1/bundles?limit=ten").exchange(), "validation");
        verifyNoInteractions(bundles);
    }

    private static void assertProblem(MvcTestResult result, String type) {
        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.type").isEqualTo(PROBLEMS + type);
        assertThat(result).bodyJson().extractingPath("$.detail").asString().isNotBlank();
    }

    private static void assertViolation(MvcTestResult result, String field) {
        assertProblem(result, "validation");
        assertThat(result)
                .bodyJson()
                .extractingPath("$.violations[*].field")
                .asArray()
                .contains(field);
    }
}
