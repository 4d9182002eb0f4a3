package org.pharmacyvoice.adapters.deepgram;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The timer's side of one open agent connection: it notices a reader that ended without a word (Helidon 4.2 says
 * nothing when a read fails) and a write Deepgram has stopped taking, and sends a {@code KeepAlive} when nothing else
 * went out for the interval. Every connection's ticks share one timer thread, so a tick only decides; whatever may
 * block runs on a virtual thread of its own.
 */
final class Heartbeat {

    /** The longest time between two checks. */
    private static final long MAX_TICK_MILLIS = 1000;

    /** What the heartbeat needs of its connection. */
    interface Beating {
        String callSid();

        boolean isOpen();

        boolean readerAlive();

        SerializedSocket socket();

        /** The connection is gone; {@code dropSocket} when its socket must be closed under a stuck writer. */
        void lost(String reason, boolean dropSocket);
    }

    private static final System.Logger LOG = System.getLogger(Heartbeat.class.getName());

    private final Beating connection;
    private final ScheduledExecutorService timer;
    private final Duration keepAliveInterval;
    private final Duration writeTimeout;
    /** What goes out when the line has been quiet for the interval, or null for a peer that needs nothing. */
    private final String keepAlive;
    private final AtomicBoolean keepAliveInFlight = new AtomicBoolean();
    private volatile long lastKeepAliveNanos;
    private volatile ScheduledFuture<?> ticks;

    Heartbeat(Beating connection, ScheduledExecutorService timer, Duration keepAliveInterval, Duration writeTimeout) {
        this(connection, timer, keepAliveInterval, writeTimeout, ClientMessages.KEEP_ALIVE);
    }

    /** {@code keepAlive} is the message sent on a quiet line, or null when the peer needs none. */
    Heartbeat(Beating connection, ScheduledExecutorService timer, Duration keepAliveInterval, Duration writeTimeout,
              String keepAlive) {
        this.connection = connection;
        this.timer = timer;
        this.keepAliveInterval = keepAliveInterval;
        this.writeTimeout = writeTimeout;
        this.keepAlive = keepAlive;
    }

    /** Starts ticking, at a fifth of the keep-alive interval and at least once a second. */
    void start() {
        lastKeepAliveNanos = System.nanoTime();
        long period = Math.clamp(keepAliveInterval.toMillis() / 5, 10, MAX_TICK_MILLIS);
        try {
            ticks = timer.scheduleAtFixedRate(this::tick, period, period, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException shutDown) {
            LOG.log(Level.WARNING, "[{0}] no heartbeat: the Deepgram client is closed", connection.callSid());
        }
    }

    void stop() {
        ScheduledFuture<?> scheduled = ticks;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
    }

    private void tick() {
        if (!connection.isOpen()) {
            return;
        }
        String callSid = connection.callSid();
        if (!connection.readerAlive()) {
            // Not on the timer's thread: the call reacts to a loss by hanging up or reconnecting, which may block.
            Thread.ofVirtual().name("[" + callSid + "] deepgram dropped")
                    .start(() -> connection.lost("the connection to Deepgram dropped", false));
            return;
        }
        long stalled = connection.socket().stalledForNanos(System.nanoTime());
        if (stalled > writeTimeout.toNanos()) {
            Thread.ofVirtual().name("[" + callSid + "] deepgram stalled").start(() -> connection.lost(
                    "Deepgram took none of our writes for " + TimeUnit.NANOSECONDS.toMillis(stalled) + " ms", true));
            return;
        }
        keepAliveIfIdle();
    }

    /** When neither audio nor a keep-alive went out for the interval, sends one, on a virtual thread. */
    private void keepAliveIfIdle() {
        if (keepAlive == null) {
            return;
        }
        SerializedSocket open = connection.socket();
        long now = System.nanoTime();
        long lastActivity = Math.max(open.lastAudioNanos(), lastKeepAliveNanos);
        if (now - lastActivity < keepAliveInterval.toNanos() || !keepAliveInFlight.compareAndSet(false, true)) {
            return;
        }
        lastKeepAliveNanos = now;
        Thread.ofVirtual().name("[" + connection.callSid() + "] deepgram keep-alive").start(() -> {
            try {
                if (connection.isOpen()) {
                    open.sendText(keepAlive);
                }
            } catch (RuntimeException e) {
                connection.lost("sending a keep-alive failed: " + e.getMessage(), true);
            } finally {
                keepAliveInFlight.set(false);
            }
        });
    }
}
