package org.pharmacyvoice.app;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.pharmacyvoice.domain.call.RecordRetention;
import org.pharmacyvoice.domain.call.port.out.CallHistory;

/** Runs the call-record retention at start and every six hours on a thread of its own, until the server stops. */
final class RetentionSchedule implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RetentionSchedule.class.getName());
    static final Duration EVERY = Duration.ofHours(6);

    private final ScheduledExecutorService timer;

    private RetentionSchedule(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts purging records older than {@code keepFor}; a zero {@code keepFor} keeps them forever. */
    static RetentionSchedule start(CallHistory history, Duration keepFor) {
        if (keepFor.isZero()) {
            LOG.log(Level.INFO, "call records are kept forever (CALL_RECORDS_RETENTION_DAYS=0)");
            return new RetentionSchedule(null);
        }
        var retention = new RecordRetention(history, keepFor, Clock.systemUTC());
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "call-record-retention");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(retention::purge, 0, EVERY.toMinutes(), TimeUnit.MINUTES);
        LOG.log(Level.INFO, "call records older than {0} days are deleted (CALL_RECORDS_RETENTION_DAYS)",
                keepFor.toDays());
        return new RetentionSchedule(timer);
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
