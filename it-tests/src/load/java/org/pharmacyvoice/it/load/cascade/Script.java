package org.pharmacyvoice.it.load.cascade;

import java.util.Arrays;

/**
 * The one conversation every simulated call has, whichever agent answers: what the caller says each turn and the
 * agent's two-sentence reply, with the reply's audio sized to its text so that both agents play the caller the same
 * number of bytes in the same chunks.
 */
record Script(int replyBytes, int chunkBytes) {

    static final String CALLER_WORDS = "I would like to refill my blood pressure prescription please";
    static final String INTERIM_WORDS = "I would like to refill";
    static final String FIRST_SENTENCE = "Your refill of lisinopril will be ready for pickup this afternoon.";
    static final String SECOND_SENTENCE = "Is there anything else I can help you with today?";
    /** How long the caller speaks each turn, from the first sign of speech to the end of the utterance. */
    static final long UTTERANCE_MILLIS = 1500;

    /** μ-law bytes of speech per character of text, so that the reply comes to {@link #replyBytes}. */
    int bytesPerCharacter() {
        return Math.max(1, replyBytes / (FIRST_SENTENCE.length() + SECOND_SENTENCE.length()));
    }

    /** The audio a speech service makes of {@code text}: its length in characters times the rate. */
    byte[] audioFor(String text) {
        byte[] audio = new byte[text.strip().length() * bytesPerCharacter()];
        Arrays.fill(audio, (byte) 0x7F);
        return audio;
    }

    /** The bytes the caller hears per reply, with either agent. */
    int replyAudioBytes() {
        return audioFor(FIRST_SENTENCE).length + audioFor(SECOND_SENTENCE).length;
    }

    /** The whole reply, as the Deepgram agent reports it and as the model writes it. */
    static String reply() {
        return FIRST_SENTENCE + " " + SECOND_SENTENCE;
    }
}
