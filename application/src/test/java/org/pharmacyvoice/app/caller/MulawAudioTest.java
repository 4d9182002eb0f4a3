package org.pharmacyvoice.app.caller;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * WAV files read through the JDK's {@code javax.sound.sampled} give the caller the same μ-law bytes as the hand-written
 * RIFF reader they replaced; and the measurements that keep our resampler and μ-law encoder instead of the JDK's.
 */
class MulawAudioTest {

    @TempDir
    Path files;

    /**
     * Each fixture is a second of speech-like sound (a 150 Hz voice with harmonics to 3.9 kHz, a hiss up to the
     * Nyquist frequency, a swell) as 16-bit PCM; the hash is of the μ-law the hand-written reader made of it.
     */
    @ParameterizedTest(name = "{0} Hz, {1} channel(s), format {2}")
    @CsvSource(textBlock = """
            8000,  1, 1,     8c62face19aabf0178b3a6dec51b4c43773508e5bbf232e11af7069731dfe4cd
            16000, 1, 1,     b0e0bd92eb43e9289d83419402ffb66a16f83bd3a6f4d90fa4f5d0eb513ef55f
            22050, 1, 1,     a5391b70f351083d8be66b6c6ff36144b2387138d2157f6757f45a5b043ebbf0
            44100, 1, 1,     07b56fed057872b2eafccd68fe7e606dc0f8122ac741fe79404937ccad74439c
            48000, 2, 1,     f859f3b8aaf6d0c0465090e5a236939620a3e4ac2c203213544489dfd3b559cb
            16000, 1, 65534, b0e0bd92eb43e9289d83419402ffb66a16f83bd3a6f4d90fa4f5d0eb513ef55f
            """)
    void aPcmWavGivesTheSameMulawBytesAsTheHandWrittenReaderDid(int rate, int channels, int format, String sha256)
            throws IOException {
        Path wav = files.resolve("fixture.wav");
        Files.write(wav, pcmWav(speechLike(rate, channels), rate, channels, format));

        byte[] mulaw = MulawAudio.read(wav);

        assertThat(mulaw.length, equalTo(8000));
        assertThat(sha256(mulaw), equalTo(sha256));
    }

    @Test
    void aMulawWavAtTheTelephoneRateIsTakenAsItIs() throws IOException {
        byte[] audio = new byte[4001];
        new Random(7).nextBytes(audio);
        Path wav = files.resolve("mulaw.wav");
        MulawAudio.writeWav(wav, audio);

        assertThat(MulawAudio.read(wav), equalTo(audio));
    }

    @Test
    void aRawFileIsTakenAsMulaw() throws IOException {
        byte[] audio = {1, 2, 3, (byte) 0xFF};
        Path raw = files.resolve("words.ulaw");
        Files.write(raw, audio);

        assertThat(MulawAudio.read(raw), equalTo(audio));
    }

    @Test
    void theLoudestSamplesStayTheLoudestCodes() throws IOException {
        short[] peaks = {32767, -32768, 32700, -32700, 0};
        Path wav = files.resolve("peaks.wav");
        Files.write(wav, pcmWav(peaks, 8000, 1, 1));

        assertThat(HexFormat.of().formatHex(MulawAudio.read(wav)), equalTo("800080" + "00" + "ff"));
    }

    @Test
    void whatIsNotAudioItReadsIsRefusedWithTheWayToConvertIt() throws IOException {
        Path text = files.resolve("notes.wav");
        Files.writeString(text, "not a sound");
        Path slow = files.resolve("slow.wav");
        Files.write(slow, pcmWav(new short[4000], 4000, 1, 1));

        IOException notAudio = assertThrows(IOException.class, () -> MulawAudio.read(text));
        IOException tooSlow = assertThrows(IOException.class, () -> MulawAudio.read(slow));

        assertThat(notAudio.getMessage(), containsString("notes.wav is not audio this caller reads"));
        assertThat(notAudio.getMessage(), containsString("-r 8000 -c 1 -e u-law out.wav"));
        assertThat(tooSlow.getMessage(), containsString("slow.wav is sampled at 4000 Hz, below the telephone's 8 kHz"));
    }

    // --- why the resampler and the μ-law encoder stay ours

    /** Measured 2026-12 on JDK 25: the JDK encodes 32636..32767 and -32768..-32636 as μ-law silence. */
    @Test
    void theJdksMulawEncoderTurnsTheLoudestSamplesIntoSilence() throws IOException {
        byte[] jdk = jdkMulaw(new short[] {32767, 32636, 32635, -32636, -32768});
        byte[] ours = {MulawAudio.encode(32767), MulawAudio.encode(32636), MulawAudio.encode(32635),
            MulawAudio.encode(-32636), MulawAudio.encode(-32768)};

        assertThat(HexFormat.of().formatHex(ours), equalTo("8080800000"));
        assertThat("the JDK still overflows; if this fails, its ULAW conversion may do now",
                HexFormat.of().formatHex(jdk), equalTo("ffff807f7f"));
    }

    /** Over all 65,536 samples: 265 become silence, 381 negative ones land one code off (it rounds, g711.c floors). */
    @Test
    void theJdksMulawEncoderDiffersFromG711AsTheSoftphoneEncodesItIn646Of65536Samples() throws IOException {
        short[] every = new short[65536];
        for (int i = 0; i < every.length; i++) {
            every[i] = (short) (i - 32768);
        }
        byte[] jdk = jdkMulaw(every);
        int silenced = 0;
        int oneCodeOff = 0;
        int otherwise = 0;
        for (int i = 0; i < every.length; i++) {
            byte ours = MulawAudio.encode(every[i]);
            if (ours == jdk[i]) {
                continue;
            }
            if (Math.abs(every[i]) >= 32636 && Math.abs(MulawAudio.decode(jdk[i])) < 1000) {
                silenced++;
            } else if (every[i] < 0 && Math.abs((ours & 0xFF) - (jdk[i] & 0xFF)) == 1) {
                oneCodeOff++;
            } else {
                otherwise++;
            }
        }

        assertThat(silenced, equalTo(265));
        assertThat(oneCodeOff, equalTo(381));
        assertThat(otherwise, equalTo(0));
    }

    /** A 5 kHz tone at 48 kHz must not reach the 8 kHz line: it would fold back to 3 kHz, inside the voice band. */
    @Test
    void theJdksDefaultResamplerLetsWhatIsAboveTheTelephoneBandFoldBackIntoIt() throws IOException {
        double ours = levelDb(Resampler.to8k(tone(48000, 5000), 48000));
        double jdkLinear = levelDb(jdkResampled(48000, 5000, "linear"));

        assertThat(ours, lessThan(-40.0));
        assertThat(jdkLinear, greaterThan(-1.0));
    }

    /** 3.4 kHz, the top of the telephone band, from a 48 kHz recording. */
    @Test
    void theJdksSincResamplerDullsTheUpperVoiceBandOfA48kHzRecording() throws IOException {
        double ours = levelDb(Resampler.to8k(tone(48000, 3400), 48000));
        double jdkSinc = levelDb(jdkResampled(48000, 3400, "sinc"));

        assertThat(ours, greaterThan(-4.5));
        assertThat(jdkSinc, lessThan(-8.5));
    }

    private static byte[] jdkMulaw(short[] samples) throws IOException {
        var pcm = new AudioFormat(8000, 16, 1, true, false);
        try (var in = new AudioInputStream(new ByteArrayInputStream(littleEndian(samples)), pcm, samples.length);
             var mulaw = AudioSystem.getAudioInputStream(AudioFormat.Encoding.ULAW, in)) {
            return mulaw.readAllBytes();
        }
    }

    private static double[] jdkResampled(int rate, double frequency, String interpolation) throws IOException {
        double[] tone = tone(rate, frequency);
        short[] samples = new short[tone.length];
        for (int i = 0; i < tone.length; i++) {
            samples[i] = (short) Math.round(tone[i]);
        }
        var source = new AudioFormat(rate, 16, 1, true, false);
        var target = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, 8000, 32, 1, 4, 8000, false,
                Map.of("interpolation", interpolation));
        try (var in = new AudioInputStream(new ByteArrayInputStream(littleEndian(samples)), source, samples.length);
             var narrow = AudioSystem.getAudioInputStream(target, in)) {
            var floats = ByteBuffer.wrap(narrow.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            double[] out = new double[floats.remaining()];
            for (int i = 0; i < out.length; i++) {
                out[i] = floats.get(i) * 32767.0;
            }
            return out;
        }
    }

    /** A second of an 8000-amplitude sine. */
    private static double[] tone(int rate, double frequency) {
        double[] tone = new double[rate];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = 8000 * StrictMath.sin(2 * StrictMath.PI * frequency * i / rate);
        }
        return tone;
    }

    /** Level relative to the 8000-amplitude sine, leaving out the filters' first and last 25 ms. */
    private static double levelDb(double[] samples) {
        double sum = 0;
        int from = 200;
        int to = samples.length - 200;
        for (int i = from; i < to; i++) {
            sum += samples[i] * samples[i];
        }
        return 20 * Math.log10(Math.sqrt(sum / (to - from)) / (8000 / Math.sqrt(2)));
    }

    /**
     * A second of sound with what a voice recording has: a 150 Hz fundamental with harmonics up to 3.9 kHz, hiss
     * over the whole band, a swell, and, with two channels, a different mix on the right. Integer noise and
     * {@link StrictMath} keep it the same on every machine.
     */
    static short[] speechLike(int rate, int channels) {
        short[] samples = new short[rate * channels];
        var noise = new Random(20261201L);
        for (int i = 0; i < rate; i++) {
            double t = (double) i / rate;
            double voice = 0;
            for (int harmonic = 1; harmonic * 150 < 3900; harmonic++) {
                voice += StrictMath.sin(2 * StrictMath.PI * 150 * harmonic * t) / harmonic;
            }
            double swell = 0.5 + 0.5 * StrictMath.sin(2 * StrictMath.PI * 3 * t);
            for (int c = 0; c < channels; c++) {
                double hiss = noise.nextInt(2001) - 1000;
                double sample = 9000 * swell * voice * (c == 0 ? 1 : 0.6) + hiss;
                samples[i * channels + c] = (short) Math.max(-32768, Math.min(32767, Math.round(sample)));
            }
        }
        return samples;
    }

    /** A WAV file of 16-bit PCM: format 1, or 65534 (WAVE_FORMAT_EXTENSIBLE, with the PCM sub-format GUID). */
    static byte[] pcmWav(short[] samples, int rate, int channels, int format) {
        boolean extensible = format == 0xFFFE;
        int fmtSize = extensible ? 40 : 16;
        int dataSize = samples.length * 2;
        ByteBuffer wav = ByteBuffer.allocate(20 + fmtSize + 8 + dataSize).order(ByteOrder.LITTLE_ENDIAN);
        wav.put(ascii("RIFF")).putInt(20 + fmtSize + dataSize).put(ascii("WAVE"));
        wav.put(ascii("fmt ")).putInt(fmtSize).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * 2).putShort((short) (channels * 2)).putShort((short) 16);
        if (extensible) {
            wav.putShort((short) 22).putShort((short) 16).putInt(channels == 1 ? 0x4 : 0x3)
                    .putInt(1).putShort((short) 0).putShort((short) 0x10)
                    .put(new byte[] {(byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        wav.put(ascii("data")).putInt(dataSize).put(littleEndian(samples));
        return wav.array();
    }

    private static byte[] littleEndian(short[] samples) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short sample : samples) {
            bytes.putShort(sample);
        }
        return bytes.array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
