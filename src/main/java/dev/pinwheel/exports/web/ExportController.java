package dev.pinwheel.exports.web;

import dev.pinwheel.exports.PreloadExports;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /admin/v1/apps/{appId}/exports/{format}} (viewer): the newest bundle in a preloading format, as a download. */
@RestController
class ExportController {

    private final PreloadExports exports;

    ExportController(PreloadExports exports) {
        this.exports = exports;
    }

    @GetMapping("/admin/v1/apps/{appId}/exports/{format}")
    ResponseEntity<byte[]> export(@PathVariable String appId, @PathVariable String format) {
        PreloadExports.Export export = exports.export(appId, format);
        return ResponseEntity.ok()
                .cacheControl(CacheControl.noStore())
                .contentType(MediaType.parseMediaType(export.contentType()))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(export.fileName())
                                .build()
                                .toString())
                .header("Pinwheel-Bundle-Seq", Long.toString(export.seq()))
                .body(export.body());
    }
}
