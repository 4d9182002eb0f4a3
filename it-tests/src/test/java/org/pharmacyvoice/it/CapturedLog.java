package org.pharmacyvoice.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What the running server logs at INFO and above under one logger (java.util.logging), one line per record as
 * {@code LEVEL logger message}, with SEVERE shown as ERROR as the server's own format does.
 */
final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final SimpleFormatter formatter = new SimpleFormatter();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    /** Captures {@code loggerName} and everything below it; {@code ""} is every logger. */
    CapturedLog(String loggerName) {
        logger = Logger.getLogger(loggerName);
        logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
        if (record.getLevel().intValue() >= Level.INFO.intValue()) {
            lines.add(level(record.getLevel()) + " " + record.getLoggerName() + " "
                    + formatter.formatMessage(record) + (record.getThrown() == null ? "" : " " + record.getThrown()));
        }
    }

    private static String level(Level level) {
        return level == Level.SEVERE ? "ERROR" : level.getName();
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
