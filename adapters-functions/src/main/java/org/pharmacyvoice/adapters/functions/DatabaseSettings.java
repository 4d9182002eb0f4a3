package org.pharmacyvoice.adapters.functions;

import java.util.Objects;

/** Connection settings; url e.g. "jdbc:h2:file:./data/pharmacy" or "jdbc:postgresql://localhost/pharmacy". */
public record DatabaseSettings(String url, String user, String password, int maxPoolSize) {

    public DatabaseSettings {
        Objects.requireNonNull(url, "'url' must not be null");
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("a database url starts with 'jdbc:': " + urlWithoutOptions(url));
        }
        if (maxPoolSize < 1 || maxPoolSize > 100) {
            throw new IllegalArgumentException("maxPoolSize must be between 1 and 100: " + maxPoolSize);
        }
    }

    /** Keeps the password out of logs and exception messages. */
    @Override
    public String toString() {
        return "DatabaseSettings[url=" + urlWithoutOptions(url) + ", user=" + user + ", password=***, maxPoolSize="
                + maxPoolSize + "]";
    }

    /** The url without its options, which may hold credentials, for logs and messages. */
    String urlForLogs() {
        return urlWithoutOptions(url);
    }

    private static String urlWithoutOptions(String url) {
        int options = url.indexOf('?');
        int h2Options = url.indexOf(';');
        int cut = options < 0 ? h2Options : (h2Options < 0 ? options : Math.min(options, h2Options));
        return cut < 0 ? url : url.substring(0, cut);
    }
}
