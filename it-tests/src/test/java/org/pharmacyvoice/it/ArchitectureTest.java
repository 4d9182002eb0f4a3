package org.pharmacyvoice.it;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.List;
import org.pharmacyvoice.domain.patient.CallerIdentity;
import org.pharmacyvoice.domain.patient.IdentityClaim;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;
import org.pharmacyvoice.domain.prescription.RefillRules;
import org.pharmacyvoice.domain.tool.BusinessTool;

/** The hexagon, enforced: pure domain, independent adapters, one composition root. */
@AnalyzeClasses(packages = "org.pharmacyvoice",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.DoNotIncludeTestJars.class})
class ArchitectureTest {

    /** DoNotIncludeTests misses the domain's test-jar of shared fakes when it comes from the local repository. */
    static final class DoNotIncludeTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar");
        }
    }

    @ArchTest
    static final ArchRule hexagon_is_respected = onionArchitecture()
            .domainModels("org.pharmacyvoice.domain.telephony..", "org.pharmacyvoice.domain.agent..",
                    "org.pharmacyvoice.domain.tool..", "org.pharmacyvoice.domain.pharmacy..",
                    "org.pharmacyvoice.domain.wire..", "org.pharmacyvoice.domain.patient..",
                    "org.pharmacyvoice.domain.prescription..", "org.pharmacyvoice.domain.notification..")
            .domainServices("org.pharmacyvoice.domain.call.port..", "org.pharmacyvoice.domain.counter.port..",
                    "org.pharmacyvoice.domain.dispensary.port..", "org.pharmacyvoice.domain.frontdesk.port..",
                    "org.pharmacyvoice.domain.storefront.port..", "org.pharmacyvoice.domain.outbound.port..",
                    "org.pharmacyvoice.domain.cascade.port..")
            .applicationServices("org.pharmacyvoice.domain.call", "org.pharmacyvoice.domain.counter",
                    "org.pharmacyvoice.domain.dispensary", "org.pharmacyvoice.domain.frontdesk",
                    "org.pharmacyvoice.domain.storefront", "org.pharmacyvoice.domain.outbound",
                    "org.pharmacyvoice.domain.cascade")
            .adapter("twilio", "org.pharmacyvoice.adapters.twilio..")
            .adapter("deepgram", "org.pharmacyvoice.adapters.deepgram..")
            .adapter("functions", "org.pharmacyvoice.adapters.functions..")
            .adapter("telemetry", "org.pharmacyvoice.adapters.telemetry..")
            .adapter("llm", "org.pharmacyvoice.adapters.llm..")
            .ignoreDependency(resideInAPackage("org.pharmacyvoice.app.."), alwaysTrue())
            .because("the composition root is the one place allowed to see every layer");

    @ArchTest
    static final ArchRule domain_depends_only_on_java = classes().that().resideInAPackage("org.pharmacyvoice.domain..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("org.pharmacyvoice.domain..", "java..")
            .because("the domain must run without Helidon, JSON libraries or JDBC");

    @ArchTest
    static final ArchRule adapters_do_not_depend_on_each_other = slices()
            .matching("org.pharmacyvoice.adapters.(*)..")
            .should().notDependOnEachOther();

    @ArchTest
    static final ArchRule nothing_but_the_application_depends_on_it = noClasses()
            .that().resideOutsideOfPackage("org.pharmacyvoice.app..")
            .should().dependOnClassesThat().resideInAPackage("org.pharmacyvoice.app..");

    @ArchTest
    static final ArchRule no_package_cycles = slices().matching("org.pharmacyvoice.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule database_code_stays_in_the_functions_adapter = noClasses()
            .that().resideOutsideOfPackage("org.pharmacyvoice.adapters.functions..")
            .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "org.h2..", "org.flywaydb..",
                    "org.postgresql..", "com.zaxxer..", "java.sql..", "javax.sql..")
            .because("persistence is an adapter concern");

    @ArchTest
    static final ArchRule helidon_stays_out_of_the_tools = noClasses()
            .that().resideInAnyPackage("org.pharmacyvoice.domain..", "org.pharmacyvoice.adapters.functions..")
            .should().dependOnClassesThat().resideInAPackage("io.helidon..");

    @ArchTest
    static final ArchRule tools_only_translate = noClasses()
            .that().resideInAPackage("org.pharmacyvoice.adapters.functions..")
            .and().implement(BusinessTool.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.jdbi..", "java.sql..", "javax.sql..",
                    "org.pharmacyvoice.domain.counter.port.out..", "org.pharmacyvoice.domain.dispensary.port.out..",
                    "org.pharmacyvoice.domain.frontdesk.port.out..", "org.pharmacyvoice.domain.outbound.port.out..")
            .orShould().dependOnClassesThat(resideInAPackage("org.pharmacyvoice.domain.counter")
                    .or(resideInAPackage("org.pharmacyvoice.domain.dispensary"))
                    .or(resideInAPackage("org.pharmacyvoice.domain.storefront")))
            .because("a tool turns the agent's arguments into one use case of the counter, the dispensary or the "
                    + "storefront; they decide and the persistence classes keep the rows");

    @ArchTest
    static final ArchRule only_the_identity_desk_decides_who_the_caller_is = noClasses()
            .that().resideOutsideOfPackage("org.pharmacyvoice.domain.dispensary")
            .should().callMethod(CallerIdentity.class, "settle", IdentityClaim.class, List.class)
            .because("a call is bound to a patient only after the identity desk has compared the claim with the "
                    + "records; a tool or handler that settled it itself could verify anyone");

    @ArchTest
    static final ArchRule refill_rules_stay_in_the_domain = noClasses()
            .that().resideOutsideOfPackage("org.pharmacyvoice.domain..")
            .should().callMethodWhere(JavaAccess.Predicates.target(
                    HasOwner.Predicates.With.owner(JavaClass.Predicates.assignableTo(RefillRules.class))))
            .because("when a prescription may be refilled is the law and the pharmacy's policy, decided by the refill "
                    + "desk; adapters only configure the rules and report the outcome");

    @ArchTest
    static final ArchRule staff_handlers_call_use_cases = noClasses()
            .that().resideInAPackage("org.pharmacyvoice.app.staff..")
            .should().dependOnClassesThat().resideInAnyPackage("org.pharmacyvoice.domain.call.port.out..",
                    "org.pharmacyvoice.domain.counter.port.out..", "org.pharmacyvoice.domain.dispensary.port.out..",
                    "org.pharmacyvoice.domain.frontdesk.port.out..", "org.pharmacyvoice.domain.outbound.port.out..",
                    "org.pharmacyvoice.adapters..")
            .orShould().dependOnClassesThat(resideInAPackage("org.pharmacyvoice.domain.call")
                    .or(resideInAPackage("org.pharmacyvoice.domain.counter"))
                    .or(resideInAPackage("org.pharmacyvoice.domain.dispensary"))
                    .or(resideInAPackage("org.pharmacyvoice.domain.frontdesk"))
                    .or(resideInAPackage("org.pharmacyvoice.domain.outbound")))
            .because("staff pages reach the pharmacy through its inbound ports (use cases), never its stores");

    @ArchTest
    static final ArchRule order_rules_stay_in_the_domain = noClasses()
            .that().resideOutsideOfPackage("org.pharmacyvoice.domain..")
            .should().accessFieldWhere(JavaAccess.Predicates.target(
                    HasOwner.Predicates.With.owner(JavaClass.Predicates.assignableTo(OrderStatus.class))))
            .because("which status an order is in and may move to is the counter's rule: adapters only read and write "
                    + "the code the domain gives them");

    @ArchTest
    static final ArchRule no_standard_streams = GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;

    @ArchTest
    static final ArchRule no_generic_exceptions = GeneralCodingRules.NO_CLASSES_SHOULD_THROW_GENERIC_EXCEPTIONS;
}
