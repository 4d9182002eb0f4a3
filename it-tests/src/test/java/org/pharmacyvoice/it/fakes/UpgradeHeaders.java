package org.pharmacyvoice.it.fakes;

import io.helidon.http.Header;
import io.helidon.http.Headers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The headers of a WebSocket upgrade as a plain map, name to values, for the fakes to keep and tests to read. */
final class UpgradeHeaders {

    private UpgradeHeaders() {
    }

    static Map<String, List<String>> of(Headers headers) {
        var map = new LinkedHashMap<String, List<String>>();
        for (Header header : headers) {
            map.put(header.name(), header.allValues());
        }
        return map;
    }
}
