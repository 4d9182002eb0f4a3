package org.pharmacyvoice.domain.call;

import java.util.HashSet;
import java.util.Set;
import org.pharmacyvoice.domain.telephony.Handoff;

/**
 * The agent's last reply before its part of a call ends (a transfer's "connecting you now", a goodbye). The call
 * ends once the phone line echoes the mark sent after that reply, so the caller hears it whole; or at the deadline,
 * whatever happened, so a silent agent never keeps the caller waiting. Thread-safe; times are
 * {@link System#nanoTime()} values.
 */
final class FinalWords {

    /** What the call ends in, and why (the model's words, for the pharmacist's whisper). */
    record Ending(Handoff.Kind kind, String reason) {
    }

    /** Last words are a sentence or two: a few marks a second; beyond this, the deadline ends the call anyway. */
    private static final int MAX_REMEMBERED = 256;

    private final Ending ending;
    private final long deadline;
    private boolean spoke;
    private String awaitedMark;
    private boolean heard;
    /** Marks echoed since the request: Twilio echoes at once what has no audio left, maybe before we wait for it. */
    private final Set<String> played = new HashSet<>();

    FinalWords(Ending ending, long now, long patienceNanos) {
        this.ending = ending;
        this.deadline = now + patienceNanos;
    }

    Ending ending() {
        return ending;
    }

    /** The agent sent audio: the reply that ends the call has begun. */
    synchronized void agentSpoke() {
        spoke = true;
    }

    /**
     * The agent finished sending a reply, whose audio is covered up to {@code lastMark} (null: no mark, nothing
     * was played); true if the call may end at once.
     */
    synchronized boolean replyDone(String lastMark) {
        if (!spoke) {
            // A reply that started before the request (the agent said something, then called the tool).
            return false;
        }
        if (lastMark == null || played.contains(lastMark)) {
            heard = true;
            return true;
        }
        awaitedMark = lastMark;
        return false;
    }

    /** The phone line played up to mark {@code name}; true if that was the end of the last words. */
    synchronized boolean markPlayed(String name) {
        if (played.size() < MAX_REMEMBERED) {
            played.add(name);
        }
        if (awaitedMark != null && awaitedMark.equals(name)) {
            heard = true;
            return true;
        }
        return false;
    }

    /** Whether the caller heard the last words to their end (so nobody needs to say them again). */
    synchronized boolean heard() {
        return heard;
    }

    boolean overdue(long now) {
        return now - deadline > 0;
    }
}
