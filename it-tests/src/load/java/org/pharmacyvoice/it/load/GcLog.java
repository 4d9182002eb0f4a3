package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the server's unified GC log ({@code -Xlog:gc:file=…}, default decorators): every stop-the-world pause
 * with its time since JVM start, its kind and the heap before and after it.
 */
final class GcLog {

    /** {@code [12.345s][info][gc] GC(7) Pause Young (Normal) (G1 Evacuation Pause) 25M->5M(256M) 3.456ms}. */
    private static final Pattern PAUSE = Pattern.compile(
            "^\\[(\\d+[.,]\\d+)s].*GC\\(\\d+\\) (Pause.*?) (\\d+)M->(\\d+)M\\((\\d+)M\\) (\\d+[.,]\\d+)ms");

    private GcLog() {
    }

    /** One pause. */
    record Pause(double atSeconds, String kind, long beforeMb, long afterMb, long heapMb, double millis) {
        boolean young() {
            return kind.startsWith("Pause Young");
        }
    }

    static List<Pause> pauses(Path log) {
        try {
            return Files.readAllLines(log).stream().map(PAUSE::matcher).filter(Matcher::find)
                    .map(m -> new Pause(number(m.group(1)), m.group(2), Long.parseLong(m.group(3)),
                            Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), number(m.group(6))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Pause> between(List<Pause> pauses, double fromSeconds, double toSeconds) {
        return pauses.stream().filter(p -> p.atSeconds() >= fromSeconds && p.atSeconds() <= toSeconds).toList();
    }

    private static double number(String text) {
        return Double.parseDouble(text.replace(',', '.'));
    }
}
