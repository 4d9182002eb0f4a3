package org.pharmacyvoice.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code /observe/metrics} in the Prometheus text format, read into series values. The registry is
 * process-wide, so tests compare two scrapes rather than trusting absolute values.
 */
record PrometheusScrape(String text, Map<String, Double> series) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    static PrometheusScrape of(URI metrics) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics)
                    .header("Accept", "text/plain").build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError(metrics + " answered " + response.statusCode());
            }
            return parse(response.body());
        } catch (IOException e) {
            throw new AssertionError("scraping " + metrics + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static PrometheusScrape parse(String text) {
        var series = new HashMap<String, Double>();
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            var labels = new TreeMap<String, String>();
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    if (!label.group(1).equals("scope")) {
                        labels.put(label.group(1), label.group(2));
                    }
                }
            }
            series.put(key(sample.group(1), labels), Double.parseDouble(sample.group(3)));
        }
        return new PrometheusScrape(text, Map.copyOf(series));
    }

    /** The value of one series, e.g. {@code value("pharmacy_calls_ended_total", "reason", "caller_hung_up")}; 0 if absent. */
    double value(String name, String... labels) {
        var sorted = new TreeMap<String, String>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        return series.getOrDefault(key(name, sorted), 0.0);
    }

    /** How much a series grew since {@code before}. */
    double since(PrometheusScrape before, String name, String... labels) {
        return value(name, labels) - before.value(name, labels);
    }

    boolean has(String name, String... labels) {
        var sorted = new TreeMap<String, String>();
        for (int i = 0; i + 1 < labels.length; i += 2) {
            sorted.put(labels[i], labels[i + 1]);
        }
        return series.containsKey(key(name, sorted));
    }

    private static String key(String name, Map<String, String> labels) {
        return name + labels;
    }
}
