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
import org.pharmacyvoice.app.caller.MulawAudio;
import org.pharmacyvoice.it.fakes.AgentConnection;

/**
 * Finds what the browser tests need — Debian's Chromium, Node.js with playwright-core installed under
 * {@code it-tests/browser}, espeak-ng and sox — and skips the test with the reason when something is missing. With
 * {@code BROWSER_TESTS=required} (as {@code .ci/run} sets it) a missing tool fails the test instead. Also makes the
 * two voices of their calls: the caller's sentence for Chromium's fake microphone, and the fake agent's tones.
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
        return require(List.of("node", "espeak-ng", "sox"));
    }

    /** The same for pages that need no voice: Chromium, Node.js and playwright-core, not espeak-ng or sox. */
    static Path requireBrowser() {
        return require(List.of("node"));
    }

    private static Path require(List<String> tools) {
        List<String> missing = new ArrayList<>();
        Path chromium = Path.of(Optional.ofNullable(System.getenv("CHROMIUM")).orElse("/usr/bin/chromium"));
        if (!Files.isExecutable(chromium)) {
            missing.add("Chromium at " + chromium + " (apt-get install chromium)");
        }
        for (String tool : tools) {
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

    /**
     * {@code sentence} spoken by espeak-ng, as a 48 kHz 16-bit mono WAV for Chromium's fake microphone:
     * target/browser/{@code name}.wav.
     */
    static Path spokenWav(String name, String sentence) throws IOException, InterruptedException {
        Files.createDirectories(OUT_DIR);
        Path raw = OUT_DIR.resolve(name + "-espeak.wav");
        Path wav = OUT_DIR.resolve(name + ".wav");
        Path log = OUT_DIR.resolve(name + "-voice.log");
        if (run(log, Duration.ofSeconds(30), "espeak-ng", "-v", "en-us", "-s", "150", "-w", raw.toString(), sentence)
                != 0 || run(log, Duration.ofSeconds(30), "sox", raw.toString(), "-r", "48000", "-c", "1", "-b", "16",
                wav.toString(), "pad", "0.3", "0.3") != 0) {
            fail("espeak-ng or sox failed; their output:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
        return wav;
    }

    /** A tone as the agent would send speech: 20 ms binary frames of μ-law. */
    static void sendTone(AgentConnection agent, double frequency, double seconds) {
        int samples = (int) (8000 * seconds);
        for (int start = 0; start < samples; start += 160) {
            byte[] frame = new byte[Math.min(160, samples - start)];
            for (int i = 0; i < frame.length; i++) {
                frame[i] = MulawAudio.encode((int) Math.round(12000 * Math.sin(2 * Math.PI * frequency
                        * (start + i) / 8000)));
            }
            agent.sendAudio(frame);
        }
    }

    /** How many 20 ms frames of {@code heard} (μ-law) are speech rather than silence or hiss. */
    static int loudFrames(byte[] heard) {
        int loud = 0;
        for (int i = 0; i + 160 <= heard.length; i += 160) {
            if (MulawAudio.rms(heard, i, i + 160) > 500) {
                loud++;
            }
        }
        return loud;
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
