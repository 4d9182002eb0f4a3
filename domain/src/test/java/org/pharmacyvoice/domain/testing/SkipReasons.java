package org.pharmacyvoice.domain.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Keeps why each test was skipped in target/skipped-tests.txt, which the build prints after the tests (the parent
 * pom's "skip-reasons"): Surefire counts skipped tests but drops the reason, and a class skipped in
 * {@code @BeforeAll} (no browser, no PostgreSQL) shows as "Tests run: 0" with no reason at all. Every module's
 * tests load it through the domain's test jar.
 */
public final class SkipReasons implements TestExecutionListener {

    private static final Path FILE = Path.of("target", "skipped-tests.txt");

    @Override
    public void testPlanExecutionStarted(TestPlan plan) {
        try {
            Files.deleteIfExists(FILE);
        } catch (IOException e) {
            throw new UncheckedIOException("can't start " + FILE.toAbsolutePath(), e);
        }
    }

    @Override
    public void executionSkipped(TestIdentifier test, String reason) {
        keep(test, reason);
    }

    @Override
    public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            keep(test, result.getThrowable().map(Throwable::getMessage).orElse("an assumption did not hold"));
        }
    }

    /** "KubernetesManifestsTest.podsDrain…(String)[1]" for a test, the class's name for a class. */
    private static String name(TestIdentifier test) {
        return test.getSource()
                .filter(MethodSource.class::isInstance)
                .map(source -> ((MethodSource) source).getJavaClass().getSimpleName() + "."
                        + test.getLegacyReportingName())
                .orElse(test.getLegacyReportingName());
    }

    private static synchronized void keep(TestIdentifier test, String reason) {
        String line = "[SKIPPED] " + name(test) + ": " + reason + System.lineSeparator();
        try {
            Files.createDirectories(FILE.getParent());
            Files.writeString(FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            // A reason that can't be kept must not fail the test run; the count still shows on the console.
            System.err.println("could not keep the reason a test was skipped: " + e.getMessage());
        }
    }
}
