package org.pharmacyvoice.app.caller;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the simulated caller is asked to do: which server to call, what to say (one audio file per turn), where to save
 * what the agent said, and how patient to be.
 *
 * @param server the server's base URL, e.g. {@code http://localhost:8080}
 * @param utterances audio files spoken one per turn, each after the agent has finished its reply
 * @param saveTo where the agent's audio is written as a μ-law WAV file
 * @param from a caller number: calls through {@code /media-stream} as Twilio does (only when the server doesn't
 *             validate Twilio's signatures); empty: through a softphone session, which works either way
 * @param replyTimeout how long to wait for the agent to start answering a turn (or greeting)
 * @param quiet how long the agent must have been silent for its turn to count as over
 * @param maxLength the longest the call may last
 * @param staffToken the server's STAFF_TOKEN, for its softphone session and call records, when it has one
 */
public record CallerOptions(URI server, List<Path> utterances, Path saveTo, Optional<String> from,
                            Duration replyTimeout, Duration quiet, Duration maxLength, Optional<String> staffToken) {

    /** How to run it. */
    public static final String USAGE = """
            usage: java -cp pharmacy-voice-agent.jar org.pharmacyvoice.app.caller.SimulatedCaller [options] SERVER_URL [AUDIO_FILE...]
              Places a call to SERVER_URL (e.g. http://localhost:8080) the way Twilio streams one, speaks each AUDIO_FILE
              (WAV: 16-bit PCM at any rate or 8 kHz mu-law; or raw .ulaw) in turn at real-time pace, each after the
              agent has finished answering, prints what the agent says and the tools it runs, and saves what it heard.
              --save FILE           the agent's audio as a mu-law WAV file (default agent.wav)
              --from NUMBER         call through /media-stream as this caller number (needs TWILIO_AUTH_TOKEN unset);
                                    default: a softphone session, which works with and without it
              --reply-timeout SEC   how long to wait for the agent to start each answer (default 15)
              --quiet SEC           agent silence that ends its turn (default 1.5)
              --max-seconds SEC     hang up after this long in any case (default 300)
              STAFF_TOKEN in the environment: the server's, for its softphone session and call records""";

    public CallerOptions {
        utterances = List.copyOf(utterances);
        if (!"http".equals(server.getScheme()) && !"https".equals(server.getScheme())) {
            throw new IllegalArgumentException("the server URL must start with http:// or https://: " + server);
        }
    }

    /** The defaults for calling {@code server} and saying {@code utterances}. */
    public static CallerOptions of(URI server, List<Path> utterances) {
        return new CallerOptions(server, utterances, Path.of("agent.wav"), Optional.empty(), Duration.ofSeconds(15),
                Duration.ofMillis(1500), Duration.ofMinutes(5), Optional.empty());
    }

    /** Reads the command line; throws with a readable message when it can't. */
    public static CallerOptions parse(String... args) {
        Path save = Path.of("agent.wav");
        Optional<String> from = Optional.empty();
        Duration replyTimeout = Duration.ofSeconds(15);
        Duration quiet = Duration.ofMillis(1500);
        Duration max = Duration.ofMinutes(5);
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--save" -> save = Path.of(value(args, ++i, arg));
                case "--from" -> from = Optional.of(value(args, ++i, arg));
                case "--reply-timeout" -> replyTimeout = seconds(value(args, ++i, arg), arg);
                case "--quiet" -> quiet = seconds(value(args, ++i, arg), arg);
                case "--max-seconds" -> max = seconds(value(args, ++i, arg), arg);
                default -> {
                    if (arg.startsWith("--")) {
                        throw new IllegalArgumentException("unknown option " + arg);
                    }
                    positional.add(arg);
                }
            }
        }
        if (positional.isEmpty()) {
            throw new IllegalArgumentException("which server? give its URL, e.g. http://localhost:8080");
        }
        URI server = URI.create(positional.getFirst().replaceAll("/+$", "") + "/");
        List<Path> files = positional.subList(1, positional.size()).stream().map(Path::of).toList();
        return new CallerOptions(server, files, save, from, replyTimeout, quiet, max, Optional.empty());
    }

    /** The same options, signing in to the server's staff pages with this token (STAFF_TOKEN) when there is one. */
    public CallerOptions withStaffToken(Optional<String> token) {
        return new CallerOptions(server, utterances, saveTo, from, replyTimeout, quiet, maxLength,
                token.map(String::trim).filter(t -> !t.isEmpty()));
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static Duration seconds(String text, String option) {
        try {
            double seconds = Double.parseDouble(text);
            if (seconds <= 0) {
                throw new IllegalArgumentException(option + " must be positive: " + text);
            }
            return Duration.ofMillis(Math.round(seconds * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes seconds: " + text, e);
        }
    }
}
