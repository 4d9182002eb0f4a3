package org.pharmacyvoice.it.load;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws added latency (p50, p99, p99.9, both directions) against concurrent calls as a PNG with plain Java2D
 * (headless), on a logarithmic latency axis with the 10 ms target marked.
 */
final class LatencyChart {

    private static final int WIDTH = 1000;
    private static final int HEIGHT = 620;
    private static final int LEFT = 90;
    private static final int RIGHT = 250;
    private static final int TOP = 70;
    private static final int BOTTOM = 70;
    private static final Color CALLER_TO_AGENT = new Color(0x1f77b4);
    private static final Color AGENT_TO_CALLER = new Color(0xd95f02);
    private static final double TARGET_MS = 10;

    private LatencyChart() {
    }

    private record Series(String name, Color color, Stroke stroke, ToDoubleFunction<RunResult> value) {
    }

    static void write(List<RunResult> results, Path png, String machine) throws IOException {
        if (results.isEmpty()) {
            return;
        }
        var image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);

        var solid = new BasicStroke(2.5f);
        var dashed = new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {8, 5}, 0);
        var dotted = new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1, new float[] {2, 4}, 0);
        List<Series> series = List.of(
                new Series("caller → agent p50", CALLER_TO_AGENT, dashed, r -> r.callerToAgent().p50()),
                new Series("caller → agent p99", CALLER_TO_AGENT, solid, r -> r.callerToAgent().p99()),
                new Series("caller → agent p99.9", CALLER_TO_AGENT, dotted, r -> r.callerToAgent().p999()),
                new Series("agent → caller p50", AGENT_TO_CALLER, dashed, r -> r.agentToCaller().p50()),
                new Series("agent → caller p99", AGENT_TO_CALLER, solid, r -> r.agentToCaller().p99()),
                new Series("agent → caller p99.9", AGENT_TO_CALLER, dotted, r -> r.agentToCaller().p999()));

        double maxCalls = results.stream().mapToInt(RunResult::calls).max().orElse(1);
        double maxMs = Math.max(TARGET_MS * 2, series.stream()
                .flatMapToDouble(s -> results.stream().mapToDouble(s.value())).max().orElse(1));
        double minMs = Math.min(0.1, series.stream()
                .flatMapToDouble(s -> results.stream().mapToDouble(s.value())).filter(v -> v > 0).min().orElse(0.1));
        double lowDecade = Math.floor(Math.log10(minMs));
        double highDecade = Math.ceil(Math.log10(maxMs));
        int plotWidth = WIDTH - LEFT - RIGHT;
        int plotHeight = HEIGHT - TOP - BOTTOM;
        ToDoubleFunction<Double> x = calls -> LEFT + plotWidth * calls / (maxCalls * 1.05);
        ToDoubleFunction<Double> y = ms -> TOP + plotHeight
                * (1 - (Math.log10(Math.max(ms, Math.pow(10, lowDecade))) - lowDecade) / (highDecade - lowDecade));

        // Grid and axes.
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        for (double decade = lowDecade; decade <= highDecade; decade++) {
            for (int k = 1; k < 10 && decade + Math.log10(k) <= highDecade; k++) {
                int yy = (int) y.applyAsDouble(k * Math.pow(10, decade));
                g.setColor(k == 1 ? new Color(0xcccccc) : new Color(0xeeeeee));
                g.drawLine(LEFT, yy, LEFT + plotWidth, yy);
                if (k == 1) {
                    g.setColor(Color.DARK_GRAY);
                    String label = formatMs(Math.pow(10, decade));
                    g.drawString(label, LEFT - 10 - g.getFontMetrics().stringWidth(label), yy + 5);
                }
            }
        }
        for (RunResult result : results) {
            int xx = (int) x.applyAsDouble((double) result.calls());
            g.setColor(new Color(0xeeeeee));
            g.drawLine(xx, TOP, xx, TOP + plotHeight);
            g.setColor(Color.DARK_GRAY);
            String label = String.valueOf(result.calls());
            g.drawString(label, xx - g.getFontMetrics().stringWidth(label) / 2, TOP + plotHeight + 20);
            long cutOff = result.problems().droppedCalls();
            if (cutOff > 0) {
                // A run whose calls the overloaded server ended measures the survivors: say so on the chart.
                g.setColor(new Color(0xc00000));
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
                String note = cutOff + " cut off";
                g.drawString(note, xx - g.getFontMetrics().stringWidth(note) / 2, TOP + 14);
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            }
        }
        g.setColor(Color.BLACK);
        g.drawLine(LEFT, TOP, LEFT, TOP + plotHeight);
        g.drawLine(LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight);

        // The target.
        int targetY = (int) y.applyAsDouble(TARGET_MS);
        g.setColor(new Color(0xc00000));
        g.setStroke(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, new float[] {4, 4}, 0));
        g.drawLine(LEFT, targetY, LEFT + plotWidth, targetY);
        g.drawString("target: p99 ≤ 10 ms at 1000 calls", LEFT + plotWidth - 230, targetY + 16);

        // The series.
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.stroke());
            for (int i = 1; i < results.size(); i++) {
                RunResult a = results.get(i - 1);
                RunResult b = results.get(i);
                g.drawLine((int) x.applyAsDouble((double) a.calls()), (int) y.applyAsDouble(s.value().applyAsDouble(a)),
                        (int) x.applyAsDouble((double) b.calls()), (int) y.applyAsDouble(s.value().applyAsDouble(b)));
            }
            for (RunResult r : results) {
                int px = (int) x.applyAsDouble((double) r.calls());
                int py = (int) y.applyAsDouble(s.value().applyAsDouble(r));
                g.fillOval(px - 3, py - 3, 7, 7);
            }
        }

        // Legend, titles.
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int ly = TOP + 10;
        for (Series s : series) {
            g.setColor(s.color());
            g.setStroke(s.stroke());
            g.drawLine(LEFT + plotWidth + 20, ly, LEFT + plotWidth + 60, ly);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), LEFT + plotWidth + 68, ly + 5);
            ly += 24;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
        g.drawString("Latency added by the bridge vs concurrent calls", LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.DARK_GRAY);
        g.drawString(machine.length() > 150 ? machine.substring(0, 150) : machine, LEFT, 50);
        g.drawString("server and load generator share the machine; 160-byte frame every 20 ms per call each way",
                LEFT, HEIGHT - 15);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString("concurrent calls", LEFT + plotWidth / 2 - 50, TOP + plotHeight + 42);
        g.rotate(-Math.PI / 2);
        g.drawString("added latency (ms, log scale)", -(TOP + plotHeight / 2 + 90), 25);
        g.dispose();
        ImageIO.write(image, "png", png.toFile());
    }

    private static String formatMs(double ms) {
        return ms >= 1 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%s ms",
                Double.toString(ms).replaceAll("0+$", ""));
    }
}
