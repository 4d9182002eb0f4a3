package org.pharmacyvoice.domain.cascade.port.out;

/** One open speech-recognition stream. Safe to use from several threads. */
public interface Transcription {

    /** Sends caller audio (8 kHz μ-law), unchanged; never blocks for long on a stalled service. */
    void sendAudio(byte[] mulaw);

    /** Closes the stream; calling it again does nothing. No event arrives after it returns, not even Lost. */
    void close();
}
