package dev.pinwheel.watch;

import dev.pinwheel.bundles.BundleManagement;
import dev.pinwheel.bundles.Finding;
import dev.pinwheel.bundles.PublishCommand;
import dev.pinwheel.bundles.PublishedBundles;
import dev.pinwheel.core.Actors;
import dev.pinwheel.core.DomainException;
import dev.pinwheel.core.JobLease;
import dev.pinwheel.core.ProblemException;
import dev.pinwheel.core.jobs.PeriodicJob;
import dev.pinwheel.core.jobs.PeriodicWork;
import dev.pinwheel.pins.HostName;
import dev.pinwheel.pins.PinCatalog;
import dev.pinwheel.pins.PinHash;
import dev.pinwheel.pins.PinManagement;
import dev.pinwheel.pins.rotation.AutopilotAction;
import dev.pinwheel.pins.rotation.RotationManagement;
import dev.pinwheel.pins.rotation.RotationView;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Drives the rotations staged with autopilot, every {@code pinwheel.watch.autopilot-interval} on
 * one replica at a time ({@link JobLease} {@code autopilot}), as the actor {@code autopilot}:
 * <ol>
 * <li>publish every app carrying the domain whose newest bundle lacks the domain's current pin set;</li>
 * <li>{@code staged}: promote through {@link RotationManagement#promote} (which alone decides
 *     whether it is safe), then publish;</li>
 * <li>{@code promoted}: once the watch has seen only the new key for the cool-down, finish through
 *     {@link RotationManagement#finish} (which again checks the cool-down, the backup and the live
 *     check), then publish;</li>
 * <li>{@code finished} and published: done.</li>
 * </ol>
 * A refused step leaves the refusal's words in the rotation's {@code autopilot.waitingFor} and is
 * tried again next run. A paused autopilot takes no step.
 */
@Service
public class Autopilot implements PeriodicWork {

    static final String JOB = "autopilot";
    private static final Logger log = LoggerFactory.getLogger(Autopilot.class);

    private final RotationManagement rotations;
    private final BundleManagement bundles;
    private final PublishedBundles published;
    private final PinCatalog catalog;
    private final PinManagement pins;
    private final WatchFindings findings;
    private final WatchProperties properties;
    private final JobLease lease;

    Autopilot(
            RotationManagement rotations,
            BundleManagement bundles,
            PublishedBundles published,
            PinCatalog catalog,
            PinManagement pins,
            WatchFindings findings,
            WatchProperties properties,
            JobLease lease) {
        this.rotations = rotations;
        this.bundles = bundles;
        this.published = published;
        this.catalog = catalog;
        this.pins = pins;
        this.findings = findings;
        this.properties = properties;
        this.lease = lease;
    }

    @Override
    public List<PeriodicJob> periodicJobs() {
        return List.of(PeriodicJob.every(properties.autopilotInterval(), "autopilot", this::scheduled));
    }

    /** The periodic run: on the replica that holds the lease, when the watch is on. */
    void scheduled() {
        if (properties.enabled() && lease.tryAcquire(JOB, Watch.hold(properties.autopilotInterval()))) {
            runOnce();
        }
    }

    /** Takes the next step of every autopilot rotation that is not paused (one run at a time). */
    public synchronized void runOnce() {
        for (RotationManagement.Tracked t : rotations.tracked()) {
            try {
                Actors.runAs(Actors.AUTOPILOT, () -> {
                    step(t.host(), t.id());
                    return null;
                });
            } catch (RuntimeException e) {
                log.warn(
                        "Autopilot step of rotation {} of {} failed ({})",
                        t.id(),
                        t.host(),
                        e.getClass().getSimpleName());
            }
        }
    }

    private void step(HostName host, long id) {
        RotationView r = rotations.rotation(host, id);
        if (!r.autopilot().enabled() || r.autopilot().paused() || "aborted".equals(r.state())) {
            return;
        }
        Optional<String> publishRefused = publishBehind(r);
        if (publishRefused.isPresent()) {
            waitFor(r, publishRefused.get());
            return;
        }
        switch (r.state()) {
            case "staged" -> {
                try {
                    rotations.promote(host, id);
                } catch (ProblemException | DomainException e) {
                    waitFor(r, e.getMessage());
                    return;
                }
                rotations.noteAutopilot(host, id, AutopilotAction.PROMOTED, null);
                log.info("Autopilot promoted rotation {} of {}", id, host);
                publishBehind(rotations.rotation(host, id)).ifPresent(w -> waitFor(rotations.rotation(host, id), w));
            }
            case "promoted" -> {
                PinHash newPin = PinHash.parse(r.newPin());
                Optional<String> evidence = findings.notOnlyNewKey(host.value(), newPin, rotations.coolDown(host));
                if (evidence.isPresent()) {
                    waitFor(r, evidence.get());
                    return;
                }
                try {
                    rotations.finish(host, id);
                } catch (ProblemException | DomainException e) {
                    waitFor(r, e.getMessage());
                    return;
                }
                rotations.noteAutopilot(host, id, AutopilotAction.FINISHED, null);
                log.info("Autopilot finished rotation {} of {}", id, host);
                RotationView finished = rotations.rotation(host, id);
                Optional<String> refused = publishBehind(finished);
                if (refused.isPresent()) {
                    waitFor(finished, refused.get());
                } else {
                    rotations.noteAutopilot(host, id, AutopilotAction.DONE, null);
                }
            }
            case "finished" -> rotations.noteAutopilot(host, id, AutopilotAction.DONE, null);
            default -> {}
        }
    }

    /** Records the reason (written only when it differs from the stored one). */
    private void waitFor(RotationView r, String reason) {
        rotations.noteAutopilot(new HostName(r.host()), r.id(), null, reason);
    }

    /**
     * Publishes every app carrying the host whose newest bundle does not carry the domain's
     * current pin set version; empty when all are published, else why a publish was refused.
     */
    private Optional<String> publishBehind(RotationView r) {
        int current = pins.domain(new HostName(r.host())).currentVersion();
        List<String> done = new ArrayList<>();
        for (String app : catalog.appsCarrying(r.host())) {
            Optional<PublishedBundles.DomainEntry> entry = published.newestEntry(app, r.host());
            if (entry.isPresent() && Objects.equals(entry.get().pinSetVersion(), current)) {
                continue;
            }
            try {
                bundles.publish(
                        app,
                        new PublishCommand(
                                "autopilot: rotation " + r.id() + " of " + r.host() + " " + r.state(),
                                false,
                                false,
                                null));
                done.add(app);
            } catch (ProblemException e) {
                if (!done.isEmpty()) {
                    rotations.noteAutopilot(new HostName(r.host()), r.id(), AutopilotAction.PUBLISHED, null);
                }
                return Optional.of("publishing app " + app + ": " + e.detail() + findings(e));
            }
        }
        if (!done.isEmpty()) {
            rotations.noteAutopilot(new HostName(r.host()), r.id(), AutopilotAction.PUBLISHED, null);
            log.info("Autopilot published app(s) {} for rotation {} of {}", done, r.id(), r.host());
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static String findings(ProblemException e) {
        Object f = e.extensions().get("findings");
        if (f instanceof List<?> list && !list.isEmpty()) {
            List<String> errors = new ArrayList<>();
            for (Object o : list) {
                if (o instanceof Finding finding && finding.isError()) {
                    errors.add(finding.code() + ": " + finding.message());
                }
            }
            return errors.isEmpty() ? "" : " (" + String.join("; ", errors) + ")";
        }
        return "";
    }
}
