package org.pharmacyvoice.app.caller;

/**
 * Brings audio at any rate down to the telephone's 8 kHz: a windowed-sinc low-pass below 3.6 kHz, so the upper voice
 * band doesn't fold back as noise, then linear interpolation at the exact rate ratio.
 */
final class Resampler {

    private static final int TAPS = 63;

    private Resampler() {
    }

    static double[] to8k(double[] input, int rate) {
        if (rate == 8000) {
            return input.clone();
        }
        double[] kernel = lowPass(3600.0 / rate);
        double[] filtered = new double[input.length];
        int middle = TAPS / 2;
        for (int i = 0; i < input.length; i++) {
            double sum = 0;
            for (int k = 0; k < TAPS; k++) {
                int j = i + k - middle;
                if (j >= 0 && j < input.length) {
                    sum += kernel[k] * input[j];
                }
            }
            filtered[i] = sum;
        }
        double step = rate / 8000.0;
        int outLength = (int) Math.floor((input.length - 1) / step) + 1;
        double[] out = new double[Math.max(0, outLength)];
        for (int n = 0; n < out.length; n++) {
            double position = n * step;
            int index = (int) position;
            double fraction = position - index;
            double next = index + 1 < filtered.length ? filtered[index + 1] : filtered[index];
            out[n] = filtered[index] + (next - filtered[index]) * fraction;
        }
        return out;
    }

    private static double[] lowPass(double cutoff) {
        double[] kernel = new double[TAPS];
        double middle = (TAPS - 1) / 2.0;
        double sum = 0;
        for (int i = 0; i < TAPS; i++) {
            double x = i - middle;
            double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            kernel[i] = sinc * (0.54 - 0.46 * Math.cos(2 * Math.PI * i / (TAPS - 1)));
            sum += kernel[i];
        }
        for (int i = 0; i < TAPS; i++) {
            kernel[i] /= sum;
        }
        return kernel;
    }
}
