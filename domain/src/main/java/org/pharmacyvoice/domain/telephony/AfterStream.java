package org.pharmacyvoice.domain.telephony;

import java.util.Objects;

/** What the phone network does with a call once its media stream has ended, one case per TwiML answer. */
public sealed interface AfterStream {

    /**
     * Ring the pharmacist at {@code number}; the pharmacist first hears the whisper of call {@code callSid}. The
     * caller first hears {@code announcement}, unless it is empty (the agent said so itself).
     */
    record Transfer(String number, String callSid, String announcement) implements AfterStream {
        public Transfer {
            Objects.requireNonNull(number, "'number' must not be null");
            Objects.requireNonNull(callSid, "'callSid' must not be null");
            Objects.requireNonNull(announcement, "'announcement' must not be null");
        }
    }

    /** Take a message: {@code prompt} is said before the beep; {@code reason} goes with the callback it becomes. */
    record Voicemail(String prompt, Callback.Reason reason) implements AfterStream {
        public Voicemail {
            Objects.requireNonNull(prompt, "'prompt' must not be null");
            Objects.requireNonNull(reason, "'reason' must not be null");
        }
    }

    /** End the call, after saying {@code goodbye} when it is not empty. */
    record HangUp(String goodbye) implements AfterStream {
        public HangUp {
            Objects.requireNonNull(goodbye, "'goodbye' must not be null");
        }
    }

    /** The agent failed: what a caller hears when the voice agent can't carry on (the pharmacist, or an apology). */
    record Fallback() implements AfterStream {
    }
}
