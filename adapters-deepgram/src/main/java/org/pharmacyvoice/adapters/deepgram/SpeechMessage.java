package org.pharmacyvoice.adapters.deepgram;

import java.util.Objects;
import org.pharmacyvoice.domain.cascade.port.out.Heard;

/** What one JSON text frame from Deepgram's speech-to-text or text-to-speech socket means to the stream. */
sealed interface SpeechMessage {

    /** Recognition news for the call. */
    record Recognised(Heard heard) implements SpeechMessage {
        public Recognised {
            Objects.requireNonNull(heard, "'heard' must not be null");
        }
    }

    /** Synthesis: all audio for the text before the last {@code Flush} has been sent. */
    record Flushed() implements SpeechMessage {
    }

    /** Synthesis: the text and audio before our {@code Clear} have been dropped. */
    record Cleared() implements SpeechMessage {
    }

    /** The service warns (a limit reached) or reports an error; {@code code} and {@code description} as given. */
    record Warning(String type, String code, String description) implements SpeechMessage {
    }

    /** A message only worth a debug log line: metadata, types we don't know. */
    record Informational(String type) implements SpeechMessage {
    }

    /** Recognition results without words, which silence produces all the time: not even worth a debug line. */
    record Wordless() implements SpeechMessage {
    }

    /** A frame that is not a message we can read; logged and skipped, the stream goes on. */
    record Malformed(String problem) implements SpeechMessage {
    }
}
