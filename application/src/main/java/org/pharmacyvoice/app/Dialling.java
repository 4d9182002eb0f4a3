package org.pharmacyvoice.app;

import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.pharmacyvoice.domain.outbound.port.in.DialUseCase;
import org.pharmacyvoice.domain.outbound.port.in.RefillRemindersUseCase;

/**
 * This server's share of the pharmacy's calls: every dial interval it places the calls that are due and settles the
 * ones a stopped server left, and every reminder interval it queues the refill reminders that are due. Both run on
 * one thread of their own, so no run ever overlaps another; a run that fails is logged and the next one comes as
 * usual. Stopping lets a run in progress finish (a call half placed is worse than a late stop) for up to
 * {@link #STOP_WAIT}, and must come before the database closes.
 */
final class Dialling implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Dialling.class.getName());
    /** Calls placed per run at most: at the default 10 s interval, up to 60 a minute, Twilio's pace for one number. */
    static final int CALLS_PER_RUN = 10;
    /** A run places at most CALLS_PER_RUN calls, each within the Twilio client's retries; longer is stuck. */
    static final Duration STOP_WAIT = Duration.ofSeconds(20);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final ScheduledExecutorService timer;

    private Dialling(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    /** Starts both loops at once (a server that starts catches up on what is due) with {@code serverId}'s claims. */
    static Dialling start(DialUseCase dialler, RefillRemindersUseCase reminders, String serverId,
                          Duration dialEvery, Duration remindEvery) {
        Objects.requireNonNull(dialler, "'dialler' must not be null");
        Objects.requireNonNull(reminders, "'reminders' must not be null");
        Objects.requireNonNull(serverId, "'serverId' must not be null");
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dialling");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(guarded("queueing refill reminders", reminders::queueReminders), 0,
                remindEvery.toMillis(), TimeUnit.MILLISECONDS);
        Runnable dial = guarded("dialling the calls due", () -> dialler.dialDue(serverId, CALLS_PER_RUN));
        Runnable settle = guarded("settling calls left unfinished", dialler::settleAbandoned);
        timer.scheduleWithFixedDelay(() -> {
            dial.run();
            settle.run();
        }, 0, dialEvery.toMillis(), TimeUnit.MILLISECONDS);
        LOG.log(Level.INFO, "dialling as {0}: the calls due every {1,number,#.###} s, refill reminders every "
                + "{2,number,#} min", serverId,
                dialEvery.toMillis() / 1000.0, remindEvery.toMinutes());
        return new Dialling(timer);
    }

    /**
     * A run that throws would end its loop for good (a scheduled executor stops repeating it), so each run's failure
     * is logged here and the loop goes on.
     */
    private static Runnable guarded(String what, Runnable run) {
        return () -> {
            try {
                run.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.ERROR, what + " failed; trying again at the next run", e);
            }
        };
    }

    /**
     * A name for this server in the notification book's claims, unique among the servers sharing one database: the
     * host (the pod's name in Kubernetes), the process, and which server of the process it is (tests run several).
     */
    static String serverId() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "unknown-host";
            }
        }
        String id = "-" + ProcessHandle.current().pid() + "-" + SERVERS.incrementAndGet();
        return (host.length() > 60 ? host.substring(0, 60) : host) + id;
    }

    /** Places no more calls: waits for a run in progress, interrupting it only after {@link #STOP_WAIT}. */
    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(Level.WARNING, "a dialling run was still going after {0} s; interrupting it",
                        STOP_WAIT.toSeconds());
                timer.shutdownNow();
                timer.awaitTermination(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
