package org.pharmacyvoice.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds what the browser tests need — Debian's Chromium, Node.js with playwright-core installed under
 * {@code it-tests/browser}, espeak-ng and sox — and skips the test with the reason when something is missing. With
 * {@code BROWSER_TESTS=required} (as {@code .ci/run} sets it) a missing tool fails the test instead.
 */
final class BrowserTools {

    /** it-tests/browser, where package.json and the Playwright scripts live (tests run in the it-tests folder). */
    static final Path BROWSER_DIR = Path.of("browser").toAbsolutePath();
    /** Screenshots, the spoken WAV and the scripts' results: it-tests/target/browser. */
    static final Path OUT_DIR = Path.of("target", "browser").toAbsolutePath();

    private BrowserTools() {
    }

    /** Chromium's path ({@code CHROMIUM} or /usr/bin/chromium), after checking the rest is there too. */
    static Path requireAll() {
        List<String> missing = new ArrayList<>();
        Path chromium = Path.of(Optional.ofNullable(System.getenv("CHROMIUM")).orElse("/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            missing.add("Chromium at " + chromium + " (apt-get install chromium)");
        }
        for (String tool : List.of("node", "espeak-ng", "sox")) {
            if (!runs(tool, "--version")) {
                missing.add(tool + " (apt-get install " + (tool.equals("node") ? "nodejs" : tool) + ")");
            }
        }
        if (!Files.exists(BROWSER_DIR.resolve("node_modules/playwright-core/package.json"))) {
            missing.add("playwright-core (cd it-tests/browser && npm ci)");
        }
        requireNothingMissing(missing);
        return chromium;
    }

    /** Just Node.js, for the codec tests. */
    static void requireNode() {
        requireNothingMissing(runs("node", "--version") ? List.of() : List.of("node (apt-get install nodejs)"));
    }

    private static void requireNothingMissing(List<String> missing) {
        if (missing.isEmpty()) {
            return;
        }
        String message = "browser test tools missing: " + String.join(", ", missing) + "; .ci/run installs them";
        if ("required".equalsIgnoreCase(System.getenv("BROWSER_TESTS"))) {
            fail(message + " (BROWSER_TESTS=required, so this fails instead of skipping)");
        }
        assumeTrue(false, message);
    }

    /** Runs a command to its end; its output goes to {@code log}. */
    static int run(Path log, Duration timeout, String... command) throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(command).directory(BROWSER_DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + "; output:\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return process.exitValue();
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(20, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
