package org.pharmacyvoice.app;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.pharmacyvoice.adapters.telemetry.OpenTelemetryCallTraces;
import org.pharmacyvoice.domain.call.port.out.CallTraces;

/**
 * Where the call traces go (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_SERVICE_NAME): to an OTLP/HTTP collector when an endpoint
 * is set, and nowhere otherwise, without starting any of OpenTelemetry's threads.
 */
record TraceExport(Optional<URI> endpoint, String serviceName) {

    /** An http(s) URL, or empty for no traces; anything else is refused so that the mistake shows at start. */
    static Optional<URI> endpoint(String setting) {
        if (setting.isBlank()) {
            return Optional.empty();
        }
        URI endpoint = URI.create(setting.strip());
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
            throw new IllegalArgumentException("must be the collector's http:// or https:// URL (OTLP over HTTP, "
                    + "e.g. http://otel-collector:4318), or empty for no traces: '" + setting + "'");
        }
        return Optional.of(endpoint);
    }

    /** The traces to give the switchboard; close them on shutdown when they are {@link AutoCloseable}. */
    CallTraces open() {
        return endpoint.<CallTraces>map(url -> OpenTelemetryCallTraces.exportingTo(url, serviceName))
                .orElseGet(CallTraces::none);
    }
}
