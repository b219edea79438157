package dev.pinwheel.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pinwheel.support.PinwheelTest;
import dev.pinwheel.support.contract.OpenApiContract;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every admin ({@code /admin}) and client ({@code /v1}) endpoint the application maps is described in
 * openapi.yaml, and everything described there exists. Picks up endpoints added later automatically.
 */
@PinwheelTest
class OpenApiCoverageTests {

    static final String[] PREFIXES = {"/admin/", "/v1/"};

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyMappedEndpointIsDescribed() {
        Set<String> described = normalized(OpenApiContract.get().operations(PREFIXES));
        assertThat(mapped())
                .as("endpoints mapped by Spring MVC but not described in openapi.yaml")
                .allSatisfy(op ->
                        assertThat(described).as("openapi.yaml operations").contains(op));
    }

    @Test
    void everyDescribedEndpointExists() {
        Set<String> mapped = mapped();
        assertThat(normalized(OpenApiContract.get().operations(PREFIXES)))
                .as("operations described in openapi.yaml that no controller maps")
                .allSatisfy(op -> assertThat(mapped).as("mapped endpoints").contains(op));
    }

    private Set<String> mapped() {
        Set<String> out = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/admin/") && !path.startsWith("/v1/")) {
                    continue;
                }
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                if (methods.isEmpty()) {
                    out.add("ANY-METHOD " + normalize(path) + " (give the mapping an HTTP method)");
                }
                for (RequestMethod m : methods) {
                    out.add(m.name() + " " + normalize(path));
                }
            }
        }
        return out;
    }

    private static Set<String> normalized(Set<String> operations) {
        Set<String> out = new TreeSet<>();
        for (String op : operations) {
            int space = op.indexOf(' ');
            out.add(op.substring(0, space).toUpperCase(Locale.ROOT) + " " + normalize(op.substring(space + 1)));
        }
        return out;
    }

    /** Path variables compare by position only: {host} = {id} = {id:\d+}. */
    static String normalize(String path) {
        return path.replaceAll("\\{[^/]*}", "{}");
    }
}
