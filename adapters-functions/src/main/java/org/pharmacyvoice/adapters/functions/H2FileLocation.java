package org.pharmacyvoice.adapters.functions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Finds the folder an H2 file database lives in, because H2 will not create a missing parent folder itself. */
final class H2FileLocation {

    private static final String H2_PREFIX = "jdbc:h2:";

    private H2FileLocation() {
    }

    /** The folder of the database file, or empty for in-memory, server and non-H2 urls. */
    static Optional<Path> directoryOf(String url) {
        if (!url.toLowerCase(Locale.ROOT).startsWith(H2_PREFIX)) {
            return Optional.empty();
        }
        String location = url.substring(H2_PREFIX.length());
        int options = location.indexOf(';');
        if (options >= 0) {
            location = location.substring(0, options);
        }
        if (location.toLowerCase(Locale.ROOT).startsWith("file:")) {
            location = location.substring("file:".length());
        } else if (location.matches("[a-zA-Z][a-zA-Z0-9]+:.*")) {
            // mem:, tcp:, ssl:, zip:, nio...: nothing on the local disk to prepare. ("C:\..." has a one-letter prefix.)
            return Optional.empty();
        }
        if (location.startsWith("~")) {
            location = System.getProperty("user.home") + location.substring(1);
        }
        if (location.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(Path.of(location).toAbsolutePath().normalize().getParent());
    }

    /** Creates the database file's folder if the url names a file database and the folder is missing. */
    static void createDirectoryFor(String url) {
        Optional<Path> directory = directoryOf(url);
        if (directory.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(directory.get());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the folder for the pharmacy database: " + directory.get(), e);
        }
    }
}
