package dev.pinwheel.alerts.web;

import dev.pinwheel.alerts.WebhookDelivery;
import dev.pinwheel.alerts.WebhookManagement;
import dev.pinwheel.alerts.WebhookView;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /admin/v1/webhooks}: register and remove (admin), list and read the delivery log (viewer). */
@RestController
@RequestMapping("/admin/v1/webhooks")
class WebhookController {

    private final WebhookManagement webhooks;

    WebhookController(WebhookManagement webhooks) {
        this.webhooks = webhooks;
    }

    /** The secret is write-only: it is never part of a response. */
    record WebhookRequest(String name, String url, String secret, List<String> conditions) {

        @Override
        public String toString() {
            return "WebhookRequest[name=" + name + ", url=" + url + ", secret=<hidden>]";
        }
    }

    record WebhookList(List<WebhookView> webhooks) {}

    record DeliveryList(List<WebhookDelivery> deliveries) {}

    @PostMapping
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<WebhookView> register(@RequestBody WebhookRequest request) {
        WebhookView view = webhooks.register(new WebhookManagement.WebhookCommand(
                request.name(), request.url(), request.secret(), request.conditions()));
        return ResponseEntity.created(URI.create("/admin/v1/webhooks/" + view.id()))
                .body(view);
    }

    @GetMapping
    WebhookList list() {
        return new WebhookList(webhooks.list());
    }

    @GetMapping("/{id}")
    WebhookView get(@PathVariable long id) {
        return webhooks.get(id);
    }

    @DeleteMapping("/{id}")
    @PreAuthorize("hasRole('ADMIN')")
    ResponseEntity<Void> delete(@PathVariable long id) {
        webhooks.delete(id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{id}/deliveries")
    DeliveryList deliveries(@PathVariable long id, @RequestParam(defaultValue = "50") int limit) {
        return new DeliveryList(webhooks.deliveries(id, limit));
    }
}
