package dev.pinwheel.core.web;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves the API contract, {@code openapi.yaml}, exactly as it is in the repository. */
@RestController
class OpenApiController {

    private final byte[] contract;

    OpenApiController() throws IOException {
        try (InputStream in = new ClassPathResource("contract/openapi.yaml").getInputStream()) {
            this.contract = in.readAllBytes();
        }
    }

    @GetMapping(path = "/openapi.yaml", produces = "application/yaml")
    ResponseEntity<byte[]> contract() {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noCache())
                .contentType(MediaType.parseMediaType("application/yaml"))
                .body(contract);
    }
}
