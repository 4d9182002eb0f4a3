package org.pharmacyvoice.it;

import com.sun.management.HotSpotDiagnosticMXBean;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counts every live thread, virtual ones included: Thread.getAllStackTraces() misses virtual threads, but the
 * JDK's JSON thread dump lists them all.
 */
final class ThreadCensus {

    private ThreadCensus() {
    }

    static int liveThreads() {
        return names().size();
    }

    /**
     * The name of every live thread but the JDK's own pools, which grow and shrink on their own: the carriers of
     * virtual threads (ForkJoinPool) and the JDK HTTP client's workers used by the tests.
     */
    static java.util.List<String> names() {
        try {
            Path dir = Files.createTempDirectory("threads");
            Path dump = dir.resolve("dump.json");
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            JsonObject json;
            try (var reader = Json.createReader(Files.newBufferedReader(dump))) {
                json = reader.readObject();
            }
            Files.delete(dump);
            Files.delete(dir);
            var names = new java.util.ArrayList<String>();
            for (JsonValue container : json.getJsonObject("threadDump").getJsonArray("threadContainers")) {
                for (JsonValue thread : container.asJsonObject().getJsonArray("threads")) {
                    String name = thread.asJsonObject().getString("name", "");
                    if (!name.startsWith("ForkJoinPool") && !name.startsWith("HttpClient-")) {
                        names.add(name.isEmpty() ? "virtual " + thread.asJsonObject().getJsonArray("stack")
                                .stream().limit(4).map(Object::toString).toList() : name);
                    }
                }
            }
            return names;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to five seconds for the live thread count to come down to {@code limit}; returns the last count. */
    static int settlesAtMost(int limit) throws InterruptedException {
        int count = liveThreads();
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (count > limit && System.nanoTime() < deadline) {
            Thread.sleep(100);
            count = liveThreads();
        }
        return count;
    }
}
