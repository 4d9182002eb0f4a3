package org.pharmacyvoice.domain.call;

import java.util.Locale;

/**
 * Follows the agent's spoken replies on the phone line: marks every second of audio so Twilio's echoes tell how
 * much the caller really heard, and after a barge-in drops the rest of the interrupted reply until the agent
 * starts a new one.
 */
final class ReplyTracker {

    /** What to do with one chunk of agent audio. */
    record Playback(boolean drop, String mark) {
    }

    private static final Playback DROP = new Playback(true, null);
    private static final Playback PLAY = new Playback(false, null);

    private int reply;
    private boolean replyOpen;
    private boolean muted;
    private int interruptedReply = -1;
    private long sentBytes;
    private long markedBytes;
    private long heardBytes;
    private String doneMark;

    synchronized Playback agentAudio(int bytes) {
        if (muted) {
            return DROP;
        }
        if (!replyOpen) {
            reply++;
            replyOpen = true;
            sentBytes = 0;
            markedBytes = 0;
            heardBytes = 0;
        }
        sentBytes += bytes;
        if (sentBytes - markedBytes >= CallBridge.MARK_EVERY_BYTES) {
            markedBytes = sentBytes;
            return new Playback(false, markName());
        }
        return PLAY;
    }

    /** The agent sent all of this reply; returns the closing mark to send, if any audio is unmarked. */
    synchronized String replyAudioDone() {
        if (!replyOpen) {
            doneMark = null;
            return null;
        }
        replyOpen = false;
        doneMark = "r" + reply + "-" + sentBytes;
        if (sentBytes == markedBytes) {
            return null;
        }
        markedBytes = sentBytes;
        return markName();
    }

    /**
     * The mark whose echo tells that the caller has heard all of the reply {@link #replyAudioDone()} closed last
     * (sent then, or with its last second of audio); null if that reply had no audio to hear.
     */
    synchronized String doneMark() {
        return doneMark;
    }

    synchronized void markPlayed(String name) {
        int dash = name.indexOf('-');
        if (!name.startsWith("r") || dash < 0) {
            return;
        }
        try {
            int markReply = Integer.parseInt(name.substring(1, dash));
            long bytes = Long.parseLong(name.substring(dash + 1));
            // After a clear Twilio echoes every pending mark: those were flushed, not heard.
            if (markReply == reply && markReply != interruptedReply) {
                heardBytes = Math.max(heardBytes, bytes);
            }
        } catch (NumberFormatException e) {
            // not one of ours
        }
    }

    /** The caller barged in; returns a note on how much of the reply they heard, for the log. */
    synchronized String callerInterrupts() {
        muted = true;
        replyOpen = false;
        if (reply == 0 || interruptedReply == reply || sentBytes <= heardBytes) {
            return "";
        }
        interruptedReply = reply;
        return String.format(Locale.ROOT, " after hearing %.1f s of the agent's %.1f s reply",
                heardBytes / 8000.0, sentBytes / 8000.0);
    }

    /** A new reply begins: its audio is played again. */
    synchronized void agentStartsReply() {
        muted = false;
    }

    /** How much of the current reply, in bytes, Twilio's marks say the caller has heard. */
    synchronized long heardBytes() {
        return heardBytes;
    }

    private String markName() {
        return "r" + reply + "-" + sentBytes;
    }
}
