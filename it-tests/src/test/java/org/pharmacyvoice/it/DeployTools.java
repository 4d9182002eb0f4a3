package org.pharmacyvoice.it;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides whether the deployment tests (the container image and the Kubernetes manifests) can run here, and skips
 * them with the reason when they can't. With {@code DEPLOY_TESTS=required} (as {@code .ci/run} sets it) a missing
 * piece fails the test instead, so CI never passes by skipping them.
 */
final class DeployTools {

    /** The repository's root (tests run in the it-tests folder). */
    static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();

    private DeployTools() {
    }

    /** Skips (or fails, when required) with {@code reason} unless {@code available}. */
    static void require(boolean available, String reason) {
        if (available) {
            return;
        }
        if ("required".equalsIgnoreCase(System.getenv("DEPLOY_TESTS"))) {
            fail(reason + " (DEPLOY_TESTS=required, so this fails instead of skipping)");
        }
        assumeTrue(false, reason);
    }

    /** Whether this process runs as root, which chroot and mounting /proc need. */
    static boolean runsAsRoot() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .anyMatch(line -> line.split("\\s+")[1].equals("0"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code command} is an executable on the PATH. */
    static boolean onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String folder : path.split(":")) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, command))) {
                return true;
            }
        }
        return false;
    }
}
