package org.pharmacyvoice.app;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import org.pharmacyvoice.adapters.functions.PharmacyDatabase;

/** The checks behind /observe/health: can we reach the database, and can we reach a voice agent at all. */
final class HealthChecks {

    private HealthChecks() {
    }

    static HealthCheck database(PharmacyDatabase database) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "database";
            }

            @Override
            public HealthCheckResponse call() {
                boolean reachable = database.isReachable();
                return HealthCheckResponse.builder()
                        .status(reachable)
                        .detail("product", database.productName())
                        .detail("reachable", reachable)
                        .build();
            }
        };
    }

    static HealthCheck agent(boolean configured) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return "voice-agent";
            }

            @Override
            public HealthCheckResponse call() {
                var response = HealthCheckResponse.builder().status(configured).detail("configured", configured);
                if (!configured) {
                    response.detail("reason", "DEEPGRAM_API_KEY is not set; callers hear that the service is not available yet");
                }
                return response.build();
            }
        };
    }
}
