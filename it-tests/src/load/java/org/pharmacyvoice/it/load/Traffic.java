package org.pharmacyvoice.it.load;

import java.util.Locale;

/**
 * How the fake agent talks, every 20 ms step of a call; the caller always streams one 20 ms frame per step, as
 * Twilio does.
 *
 * <ul>
 *   <li>{@link #WORST_CASE}: the agent streams a 20 ms frame (160 bytes) every 20 ms without pause — the most
 *       messages either way a call can cause;</li>
 *   <li>{@link #CONVERSATION}: the agent speaks in turns, as the real Voice Agent does: {@code AgentStartedSpeaking},
 *       a reply of {@value #REPLY_MESSAGES} messages of {@value #SPEECH_BYTES} bytes (100 ms of audio each, sent
 *       one every 40 ms: text-to-speech runs ahead of real time), {@code AgentAudioDone}, then silence while the
 *       caller speaks, {@value #TURN_STEPS} steps (7 s) per turn; every {@value #BARGE_IN_EVERY}th turn the caller
 *       barges in half-way: {@code UserStartedSpeaking}, and the rest of that reply is never sent.</li>
 * </ul>
 */
enum Traffic {
    WORST_CASE,
    CONVERSATION;

    static final int SPEECH_BYTES = 800;
    static final int REPLY_MESSAGES = 30;
    /** One speech message every this many 20 ms steps. */
    static final int STEPS_PER_MESSAGE = 2;
    static final int TURN_STEPS = 350;
    static final int BARGE_IN_EVERY = 4;

    /** What the agent does at one 20 ms step of a call. */
    enum Step {
        SILENT,
        START_REPLY,
        SPEAK,
        END_REPLY,
        BARGE_IN
    }

    /** The agent's step {@code step} (0, 1, …) of call {@code call}; turns are staggered across calls. */
    Step agentStep(int call, long step) {
        if (this == WORST_CASE) {
            return Step.SPEAK;
        }
        long shifted = step + (call * 53L) % TURN_STEPS;
        long turn = shifted / TURN_STEPS;
        int at = (int) (shifted % TURN_STEPS);
        int replySteps = REPLY_MESSAGES * STEPS_PER_MESSAGE;
        boolean interrupted = turn % BARGE_IN_EVERY == BARGE_IN_EVERY - 1;
        int bargeInAt = replySteps / 2;
        if (interrupted && at == bargeInAt) {
            return Step.BARGE_IN;
        }
        if (interrupted && at > bargeInAt) {
            return Step.SILENT;
        }
        if (at == 0) {
            return Step.START_REPLY;
        }
        if (at < replySteps) {
            return at % STEPS_PER_MESSAGE == 0 ? Step.SPEAK : Step.SILENT;
        }
        return at == replySteps ? Step.END_REPLY : Step.SILENT;
    }

    /** Bytes of one agent audio message. */
    int speechBytes() {
        return this == WORST_CASE ? AudioStamp.FRAME_BYTES : SPEECH_BYTES;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Traffic parse(String text) {
        return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
