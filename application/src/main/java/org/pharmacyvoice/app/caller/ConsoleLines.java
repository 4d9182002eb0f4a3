package org.pharmacyvoice.app.caller;

import java.util.function.Consumer;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The simulated caller's output on the terminal (standard error, through java.util.logging like the server's own
 * lines), one plain line per event without logger decoration.
 */
final class ConsoleLines {

    private ConsoleLines() {
    }

    static Consumer<String> create() {
        Logger logger = Logger.getLogger("org.pharmacyvoice.caller.console");
        logger.setUseParentHandlers(false);
        var handler = new ConsoleHandler();
        handler.setLevel(Level.ALL);
        handler.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return record.getMessage() + System.lineSeparator();
            }
        });
        logger.addHandler(handler);
        return logger::info;
    }
}
