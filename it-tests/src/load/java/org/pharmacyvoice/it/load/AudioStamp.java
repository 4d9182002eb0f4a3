package org.pharmacyvoice.it.load;

/**
 * What every simulated 20 ms frame carries in its first 16 of 160 μ-law bytes: the call's index, the frame's
 * sequence number in its direction, and {@code System.nanoTime()} when it was sent. The bridge never looks into
 * audio, so the receiver can tell how long the frame took, whether one went missing or came out of order, and
 * whether it reached the right call.
 */
final class AudioStamp {

    static final int FRAME_BYTES = 160;
    static final int STAMP_BYTES = 16;
    /** μ-law silence after the stamp. */
    private static final byte SILENCE = (byte) 0xff;

    private AudioStamp() {
    }

    /** A frame buffer with silence after the stamp; reuse it, only the stamp changes. */
    static byte[] newFrame() {
        byte[] frame = new byte[FRAME_BYTES];
        java.util.Arrays.fill(frame, SILENCE);
        return frame;
    }

    static void write(byte[] frame, int call, int sequence, long sentNanos) {
        putInt(frame, 0, call);
        putInt(frame, 4, sequence);
        putInt(frame, 8, (int) (sentNanos >>> 32));
        putInt(frame, 12, (int) sentNanos);
    }

    static int call(byte[] data, int offset) {
        return getInt(data, offset);
    }

    static int sequence(byte[] data, int offset) {
        return getInt(data, offset + 4);
    }

    static long sentNanos(byte[] data, int offset) {
        return ((long) getInt(data, offset + 8) << 32) | (getInt(data, offset + 12) & 0xffffffffL);
    }

    private static void putInt(byte[] data, int at, int value) {
        data[at] = (byte) (value >>> 24);
        data[at + 1] = (byte) (value >>> 16);
        data[at + 2] = (byte) (value >>> 8);
        data[at + 3] = (byte) value;
    }

    private static int getInt(byte[] data, int at) {
        return (data[at] & 0xff) << 24 | (data[at + 1] & 0xff) << 16 | (data[at + 2] & 0xff) << 8
                | (data[at + 3] & 0xff);
    }
}
