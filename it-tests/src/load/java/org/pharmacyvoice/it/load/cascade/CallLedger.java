package org.pharmacyvoice.it.load.cascade;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the fakes and the callers of one run tell each other about every call — which turn is open and when the
 * caller's utterance ended — and what the run counts in its measuring window: turns, turns whose whole reply reached
 * the caller, and the time from the end of an utterance to the reply's first audio at the caller.
 */
final class CallLedger {

    /** One call's turn in progress; its methods are called from a fake's thread and the caller's. */
    static final class Line {
        private final CallLedger ledger;
        private boolean turnOpen;
        private boolean firstAudioSeen;
        private boolean counted;
        private long utteranceEndNanos;
        private long replyBytesSoFar;

        private Line(CallLedger ledger) {
            this.ledger = ledger;
        }

        /** The caller finished speaking, as the agent's fake tells it: the clock for this turn's reply starts. */
        synchronized void utteranceEnded() {
            turnOpen = true;
            firstAudioSeen = false;
            replyBytesSoFar = 0;
            utteranceEndNanos = System.nanoTime();
            counted = ledger.measuring;
            if (counted) {
                ledger.turnsStarted.incrementAndGet();
            }
        }

        /** Reply audio reached the caller (any audio outside a turn, the greeting, is not counted). */
        synchronized void audioAtCaller(int bytes) {
            if (!turnOpen) {
                return;
            }
            if (!firstAudioSeen) {
                firstAudioSeen = true;
                if (counted) {
                    ledger.latency(System.nanoTime() - utteranceEndNanos);
                }
            }
            replyBytesSoFar += bytes;
            if (replyBytesSoFar >= ledger.replyBytes) {
                turnOpen = false;
                if (counted) {
                    ledger.turnsCompleted.incrementAndGet();
                }
            }
        }
    }

    private final Line[] lines;
    private final int replyBytes;
    private final List<Long> latencies = new ArrayList<>();
    private final AtomicInteger turnsStarted = new AtomicInteger();
    private final AtomicInteger turnsCompleted = new AtomicInteger();
    private volatile boolean measuring;

    CallLedger(int calls, int replyBytes) {
        this.replyBytes = replyBytes;
        lines = new Line[calls];
        for (int i = 0; i < calls; i++) {
            lines[i] = new Line(this);
        }
    }

    /** The call whose audio carries {@code index}, or null when no call does. */
    Line line(int index) {
        return index >= 0 && index < lines.length ? lines[index] : null;
    }

    int calls() {
        return lines.length;
    }

    /** Turns that end from now on are counted, until {@link #stopMeasuring()}. */
    void startMeasuring() {
        measuring = true;
    }

    void stopMeasuring() {
        measuring = false;
    }

    int turnsStarted() {
        return turnsStarted.get();
    }

    int turnsCompleted() {
        return turnsCompleted.get();
    }

    private synchronized void latency(long nanos) {
        latencies.add(nanos);
    }

    /** The {@code quantile} (0..1) of the counted turns' reply latency, in ms; NaN when none was counted. */
    synchronized double latencyMillis(double quantile) {
        if (latencies.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        int at = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return sorted.get(Math.max(0, at)) / 1e6;
    }
}
