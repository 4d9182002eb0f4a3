package org.pharmacyvoice.app.caller;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * Telephone audio as Twilio carries it — G.711 μ-law, 8 kHz, mono — read from WAV files (through the JDK's
 * {@code javax.sound.sampled}) or raw μ-law files, and written as μ-law WAV (format 7) that any audio player opens.
 */
public final class MulawAudio {

    /** Bytes per second of 8 kHz μ-law. */
    public static final int BYTES_PER_SECOND = 8000;
    /** μ-law silence. */
    public static final byte SILENCE = (byte) 0xFF;

    private static final int BIAS = 0x84;
    private static final int[] SEGMENT_ENDS = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    private static final int WAVE_MULAW = 7;
    /** What Twilio carries, and what a WAV file already in it is read as. */
    private static final AudioFormat TELEPHONE = new AudioFormat(AudioFormat.Encoding.ULAW, 8000, 8, 1, 1, 8000,
            false);
    private static final String SOX_HINT = "convert it with `sox %s -r 8000 -c 1 -e u-law out.wav`";

    private MulawAudio() {
    }

    /**
     * One 16-bit sample to μ-law (G.711 as in Sun's g711.c; the same table as the softphone's mulaw.js). Kept rather
     * than the JDK's {@code ULAW} conversion, which encodes the 265 loudest values (±32636 and beyond) as silence.
     */
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

    /**
     * The file's audio as 8 kHz μ-law: a WAV file (PCM of any size, μ-law or A-law, at 8 kHz or more, any channel
     * count) read by the JDK's {@code javax.sound.sampled}, or else raw μ-law.
     *
     * <p>The JDK parses the file and decodes its samples to 16-bit PCM. Resampling to 8 kHz and μ-law encoding stay
     * ours, because the JDK's do worse (measured in {@code MulawAudioTest}): its resampler aliases (the default, linear,
     * lets 4.5-7 kHz through at 0 dB; the sinc one dulls 2-3.4 kHz by 2-9.5 dB from 44.1 or 48 kHz), and its μ-law
     * encoder turns the loudest samples, ±32636 and beyond, into silence (a 16-bit overflow).
     */
    public static byte[] read(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".wav")) {
            return Files.readAllBytes(file);
        }
        try (AudioInputStream wav = AudioSystem.getAudioInputStream(file.toFile())) {
            if (wav.getFormat().matches(TELEPHONE)) {
                return wav.readAllBytes();
            }
            double[] narrow = Resampler.to8k(monoSamples(wav, file), Math.round(wav.getFormat().getSampleRate()));
            byte[] mulaw = new byte[narrow.length];
            for (int i = 0; i < narrow.length; i++) {
                mulaw[i] = encode((int) Math.round(narrow[i]));
            }
            return mulaw;
        } catch (UnsupportedAudioFileException | IllegalArgumentException e) {
            throw new IOException(file + " is not audio this caller reads (" + e.getMessage() + "); " + SOX_HINT
                    .formatted(file), e);
        }
    }

    /** The file's samples as 16-bit PCM at its own rate, its channels averaged. */
    private static double[] monoSamples(AudioInputStream wav, Path file) throws IOException {
        AudioFormat format = wav.getFormat();
        if (format.getSampleRate() < 8000) {
            throw new IOException(file + " is sampled at " + Math.round(format.getSampleRate()) + " Hz, below the "
                    + "telephone's 8 kHz; " + SOX_HINT.formatted(file));
        }
        int channels = format.getChannels();
        var pcm16 = new AudioFormat(format.getSampleRate(), 16, channels, true, false);
        ShortBuffer pcm;
        try (AudioInputStream samples = format.matches(pcm16) ? wav : AudioSystem.getAudioInputStream(pcm16, wav)) {
            pcm = ByteBuffer.wrap(samples.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        }
        // Averaged here rather than by the JDK, whose channel mixer works in float: 16-bit samples stay exact.
        double[] mono = new double[pcm.remaining() / channels];
        for (int i = 0; i < mono.length; i++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += pcm.get(i * channels + c);
            }
            mono[i] = sum / channels;
        }
        return mono;
    }

    /**
     * Writes 8 kHz μ-law audio as a WAV file (format 7, with the fact chunk non-PCM WAV needs: the JDK's WAV writer
     * leaves it out, so this stays ours).
     */
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

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
