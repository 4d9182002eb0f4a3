package org.pharmacyvoice.app;

import io.helidon.health.HealthCheck;
import io.helidon.health.HealthCheckResponse;
import io.helidon.health.HealthCheckType;
import java.util.function.Supplier;
import org.pharmacyvoice.adapters.functions.PharmacyDatabase;
import org.pharmacyvoice.domain.call.AgentCircuit;

/** The checks behind /observe/health: can we reach the database, and can we reach a voice agent at all. */
final class HealthChecks {

    private HealthChecks() {
    }

    static HealthCheck database(PharmacyDatabase database) {
        return readiness("database", () -> {
            boolean reachable = database.isReachable();
            return HealthCheckResponse.builder()
                    .status(reachable)
                    .detail("product", database.productName())
                    .detail("reachable", reachable)
                    .build();
        });
    }

    /**
     * Down without a key, saying what is missing and how to fix it: such a server runs (the dashboard, the staff API,
     * liveness) but can't carry a call, so no load balancer should send it one. With a key, up even while calls in a
     * row got no agent (the circuit is open): the server still answers every call, with the fallback (the apology, or
     * the pharmacist), which beats a load balancer sending callers nowhere; the details say so.
     */
    static HealthCheck agent(boolean configured, Supplier<AgentCircuit.Status> circuit) {
        return readiness("voice-agent", () -> {
            var response = HealthCheckResponse.builder().status(configured).detail("configured", configured);
            if (!configured) {
                return response.detail("missing", NoAgentKey.VARIABLE)
                        .detail("reason", NoAgentKey.REASON)
                        .detail("fix", NoAgentKey.FIX)
                        .build();
            }
            AgentCircuit.Status status = circuit.get();
            response.detail("circuit", status.open() ? "open" : "closed");
            response.detail("calls_without_agent_in_a_row", status.callsWithoutAgentInARow());
            status.openSince().ifPresent(since -> response.detail("open_since", since.toString())
                    .detail("reason", "calls in a row got no voice agent (last: " + status.lastProblem()
                            + "); new calls go straight to the fallback until a probe reaches the agent"));
            return response.build();
        });
    }

    /** Both checks decide whether this server should be sent calls, not whether it is alive. */
    private static HealthCheck readiness(String name, Supplier<HealthCheckResponse> check) {
        return new HealthCheck() {
            @Override
            public HealthCheckType type() {
                return HealthCheckType.READINESS;
            }

            @Override
            public String name() {
                return name;
            }

            @Override
            public HealthCheckResponse call() {
                return check.get();
            }
        };
    }
}
