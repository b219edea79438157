package dev.pinwheel;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

/**
 * Package dependencies go one way (delivery → bundles → pins, trust → signing → core; watch → bundles, alerts;
 * reports → alerts → signing; exports → bundles, trust); nothing but the console depends on delivery, audit,
 * reports or exports, and nothing on the console; controllers are package-private and live in a {@code web} package.
 * Rules about packages that do not exist yet pass until they do.
 */
class ArchitectureTests {

    static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.pinwheel");

    @Test
    void nothingDependsOnDeliveryAuditReportsExportsOrTheConsole() {
        for (String leaf : new String[] {"delivery", "audit", "reports", "exports"}) {
            // the console sits above every module: it shows the audit log and the reports, offers the exports
            check(noClasses()
                    .that()
                    .resideOutsideOfPackages("dev.pinwheel." + leaf + "..", "dev.pinwheel.console..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("dev.pinwheel." + leaf + "..")
                    .as("nothing outside " + leaf + " (and the console) depends on " + leaf));
        }
        check(noClasses()
                .that()
                .resideOutsideOfPackage("dev.pinwheel.console..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.pinwheel.console..")
                .as("nothing depends on the console"));
        check(noClasses()
                .that()
                .resideInAPackage("dev.pinwheel.console..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.pinwheel.delivery..")
                .as("the console does not reach into the delivery hot path"));
    }

    @Test
    void coreDependsOnNoFeature() {
        check(noClasses()
                .that()
                .resideInAPackage("dev.pinwheel.core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.pinwheel.pins..",
                        "dev.pinwheel.signing..",
                        "dev.pinwheel.bundles..",
                        "dev.pinwheel.delivery..",
                        "dev.pinwheel.audit..",
                        "dev.pinwheel.reports..",
                        "dev.pinwheel.exports..",
                        "dev.pinwheel.security..",
                        "dev.pinwheel.trust..",
                        "dev.pinwheel.console.."));
    }

    @Test
    void dependenciesPointDownwards() {
        check(noClasses()
                .that()
                .resideInAnyPackage("dev.pinwheel.pins..", "dev.pinwheel.signing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.pinwheel.bundles..", "dev.pinwheel.delivery..")
                .as("pins and signing do not depend on bundles or delivery"));
        check(noClasses()
                .that()
                .resideInAPackage("dev.pinwheel.bundles..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.pinwheel.delivery..")
                .as("bundles does not depend on delivery"));
        check(noClasses()
                .that()
                .resideInAPackage("dev.pinwheel.pins..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.pinwheel.signing..")
                .as("pins does not depend on signing"));
        check(noClasses()
                .that()
                .resideInAPackage("dev.pinwheel.signing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.pinwheel.pins..", "dev.pinwheel.trust..")
                .as("signing does not depend on pins or trust"));
        check(noClasses()
                .that()
                .resideInAPackage("dev.pinwheel.trust..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.pinwheel.pins..",
                        "dev.pinwheel.bundles..",
                        "dev.pinwheel.delivery..",
                        "dev.pinwheel.security..")
                .as("trust depends only on signing and core"));
    }

    @Test
    void watchAndAlertsSitAboveTheCore() {
        check(noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.pinwheel.pins..",
                        "dev.pinwheel.signing..",
                        "dev.pinwheel.bundles..",
                        "dev.pinwheel.alerts..",
                        "dev.pinwheel.security..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.pinwheel.watch..")
                .as("nothing below the watch depends on it"));
        check(noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.pinwheel.pins..",
                        "dev.pinwheel.signing..",
                        "dev.pinwheel.bundles..",
                        "dev.pinwheel.security..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.pinwheel.alerts..")
                .as("alerts are raised through events the alerts module owns; pins, signing and bundles do not"
                        + " know it"));
        check(noClasses()
                .that()
                .resideInAPackage("dev.pinwheel.alerts..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("dev.pinwheel.bundles..", "dev.pinwheel.pins.rotation..", "dev.pinwheel.watch..")
                .as("alerts only see the signing module's secret sealer and core values"));
    }

    @Test
    void controllersArePackagePrivateInWebPackages() {
        check(classes()
                .that()
                .areAnnotatedWith(RestController.class)
                .or()
                .areAnnotatedWith(Controller.class)
                .should()
                .resideInAPackage("..web..")
                .andShould()
                .notBePublic()
                .as("controllers live in ..web.. and are package-private"));
    }

    @Test
    void periodicWorkRunsOnlyThroughPeriodicJobs() {
        check(noClasses()
                .that()
                .resideOutsideOfPackage("dev.pinwheel.core.jobs..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.springframework.scheduling..")
                .as("periodic work is a PeriodicJob bean run by core.jobs.PeriodicJobs: no @Scheduled, "
                        + "SchedulingConfigurer or TaskScheduler elsewhere"));
    }

    @Test
    void settingsAreReadThroughPropertiesRecords() {
        check(noClasses()
                .should()
                .dependOnClassesThat()
                .areAssignableTo(Value.class)
                .as("no @Value: settings come from the owning package's @ConfigurationProperties record"));
        // the exceptions read a secret by name (never bound into a record), check settings before any
        // bean exists, name the active profiles, or publish the delivery listener's bound port as
        // local.pinwheel.delivery.port (written, never read, as Spring Boot does local.server.port)
        check(noClasses()
                .that()
                .doNotHaveFullyQualifiedName("dev.pinwheel.signing.MasterKey")
                .and()
                .doNotHaveFullyQualifiedName("dev.pinwheel.signing.SigningKeys")
                .and()
                .doNotHaveFullyQualifiedName("dev.pinwheel.security.TokenBootstrap")
                .and()
                .doNotHaveFullyQualifiedName("dev.pinwheel.core.runtime.ProductionSettingsCheck")
                .and()
                .doNotHaveFullyQualifiedName("dev.pinwheel.core.runtime.StartupReport")
                .and()
                .doNotHaveFullyQualifiedName("dev.pinwheel.delivery.web.DeliveryListener")
                .and()
                .doNotHaveFullyQualifiedName("dev.pinwheel.delivery.web.DeliveryWebConfiguration")
                .should()
                .dependOnClassesThat()
                .areAssignableTo(Environment.class)
                .as("settings are read through @ConfigurationProperties records, not the Environment"));
    }

    private static void check(ArchRule rule) {
        rule.allowEmptyShould(true).check(CLASSES);
    }
}
