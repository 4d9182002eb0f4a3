package org.pharmacyvoice.app.caller;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Telephone audio as Twilio carries it — G.711 μ-law, 8 kHz, mono — read from WAV files (16-bit PCM at any rate, or
 * μ-law) or raw μ-law files, and written as μ-law WAV (format 7) that any audio player opens.
 */
public final class MulawAudio {

    /** Bytes per second of 8 kHz μ-law. */
    public static final int BYTES_PER_SECOND = 8000;
    /** μ-law silence. */
    public static final byte SILENCE = (byte) 0xFF;

    private static final int BIAS = 0x84;
    private static final int[] SEGMENT_ENDS = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    private static final int WAVE_PCM = 1;
    private static final int WAVE_MULAW = 7;
    private static final int WAVE_EXTENSIBLE = 0xFFFE;

    private MulawAudio() {
    }

    /** One 16-bit sample to μ-law (G.711 as in Sun's g711.c; the same table as the softphone's mulaw.js). */
    public static byte encode(int sample) {
        int pcm = Math.max(-32768, Math.min(32767, sample)) >> 2;
        int mask = 0xFF;
        if (pcm < 0) {
            pcm = -pcm;
            mask = 0x7F;
        }
        pcm = Math.min(pcm, 8159) + (BIAS >> 2);
        int segment = 0;
        while (segment < 8 && pcm > SEGMENT_ENDS[segment]) {
            segment++;
        }
        if (segment >= 8) {
            return (byte) (0x7F ^ mask);
        }
        return (byte) (((segment << 4) | ((pcm >> (segment + 1)) & 0x0F)) ^ mask);
    }

    /** One μ-law byte to its 16-bit sample. */
    public static int decode(byte mulaw) {
        int u = ~mulaw & 0xFF;
        int exponent = (u >> 4) & 0x07;
        int magnitude = ((((u & 0x0F) << 3) + BIAS) << exponent) - BIAS;
        return (u & 0x80) != 0 ? -magnitude : magnitude;
    }

    /** Root-mean-square level of μ-law audio on the 16-bit scale (0 for silence, about 23000 for a full-scale sine). */
    public static double rms(byte[] mulaw, int from, int to) {
        if (to <= from) {
            return 0;
        }
        double sum = 0;
        for (int i = from; i < to; i++) {
            double sample = decode(mulaw[i]);
            sum += sample * sample;
        }
        return Math.sqrt(sum / (to - from));
    }

    /** The file's audio as 8 kHz μ-law: WAV (16-bit PCM at any rate and channel count, or μ-law) or raw μ-law. */
    public static byte[] read(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".wav")) {
            return bytes;
        }
        return fromWav(bytes, file.toString());
    }

    /** Writes 8 kHz μ-law audio as a WAV file (format 7, with the fact chunk non-PCM WAV needs). */
    public static void writeWav(Path file, byte[] mulaw) throws IOException {
        ByteBuffer wav = ByteBuffer.allocate(58 + mulaw.length + (mulaw.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        wav.put(ascii("RIFF")).putInt(50 + mulaw.length + (mulaw.length & 1)).put(ascii("WAVE"));
        wav.put(ascii("fmt ")).putInt(18)
                .putShort((short) WAVE_MULAW).putShort((short) 1).putInt(8000).putInt(BYTES_PER_SECOND)
                .putShort((short) 1).putShort((short) 8).putShort((short) 0);
        wav.put(ascii("fact")).putInt(4).putInt(mulaw.length);
        wav.put(ascii("data")).putInt(mulaw.length).put(mulaw);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.write(file, wav.array());
    }

    private static byte[] fromWav(byte[] bytes, String name) throws IOException {
        ByteBuffer wav = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 12 || !"RIFF".equals(text(bytes, 0)) || !"WAVE".equals(text(bytes, 8))) {
            throw new IOException(name + " is not a WAV file");
        }
        int format = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        int position = 12;
        while (position + 8 <= bytes.length) {
            String chunk = text(bytes, position);
            int size = wav.getInt(position + 4);
            int body = position + 8;
            if (size < 0 || body + size > bytes.length) {
                size = bytes.length - body;
            }
            if (chunk.equals("fmt ")) {
                format = wav.getShort(body) & 0xFFFF;
                channels = wav.getShort(body + 2);
                rate = wav.getInt(body + 4);
                bits = wav.getShort(body + 14);
                if (format == WAVE_EXTENSIBLE && size >= 26) {
                    format = wav.getShort(body + 24) & 0xFFFF;
                }
            } else if (chunk.equals("data")) {
                if (format < 0) {
                    throw new IOException(name + ": data before the fmt chunk");
                }
                return convert(bytes, body, size, format, channels, rate, bits, name);
            }
            position = body + size + (size & 1);
        }
        throw new IOException(name + " has no audio data");
    }

    private static byte[] convert(byte[] bytes, int offset, int length, int format, int channels, int rate, int bits,
                                  String name) throws IOException {
        if (format == WAVE_MULAW && rate == 8000 && channels == 1) {
            byte[] mulaw = new byte[length];
            System.arraycopy(bytes, offset, mulaw, 0, length);
            return mulaw;
        }
        if (format != WAVE_PCM || bits != 16 || channels < 1 || rate < 8000) {
            throw new IOException(name + " must be 16-bit PCM (8 kHz or more) or 8 kHz mono μ-law; convert it with "
                    + "`sox " + name + " -r 8000 -c 1 -e u-law out.wav`");
        }
        ByteBuffer pcm = ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN);
        int frames = length / (2 * channels);
        double[] mono = new double[frames];
        for (int i = 0; i < frames; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += pcm.getShort(offset + (i * channels + c) * 2);
            }
            mono[i] = sum / channels;
        }
        double[] narrow = Resampler.to8k(mono, rate);
        byte[] mulaw = new byte[narrow.length];
        for (int i = 0; i < narrow.length; i++) {
            mulaw[i] = encode((int) Math.round(narrow[i]));
        }
        return mulaw;
    }

    private static String text(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.US_ASCII);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
