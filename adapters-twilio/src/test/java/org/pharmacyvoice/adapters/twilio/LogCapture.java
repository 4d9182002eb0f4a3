package org.pharmacyvoice.adapters.twilio;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Collects what the Twilio adapter logs (through java.util.logging), one formatted line per record. */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger = Logger.getLogger("org.pharmacyvoice.adapters.twilio");
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    LogCapture() {
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.INFO.intValue()) {
            lines.add(record.getLevel() + " " + formatter.formatMessage(record));
        }
    }

    /** The lines at level WARNING or above. */
    List<String> warnings() {
        return lines.stream().filter(line -> line.startsWith("WARNING") || line.startsWith("SEVERE")).toList();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
