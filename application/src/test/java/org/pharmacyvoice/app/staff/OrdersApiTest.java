package org.pharmacyvoice.app.staff;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.startsWith;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.pharmacyvoice.app.http.HandlerServer;
import org.pharmacyvoice.domain.counter.PharmacyCounter;
import org.pharmacyvoice.domain.fakes.InMemoryPharmacy;
import org.pharmacyvoice.domain.notification.Trigger;
import org.pharmacyvoice.domain.outbound.port.in.PickupCallsUseCase;
import org.pharmacyvoice.domain.pharmacy.Order;
import org.pharmacyvoice.domain.pharmacy.OrderStatus;

/** The staff's orders API over the counter's use cases, with the pharmacy in memory: HTTP and JSON only. */
class OrdersApiTest {

    private static final Instant MORNING = Instant.parse("2025-03-14T09:30:00Z");

    private final InMemoryPharmacy pharmacy = new InMemoryPharmacy();
    private final PharmacyCounter counter = PharmacyCounter.open(pharmacy, pharmacy, pharmacy, Clock.systemUTC());
    private final HandlerServer server = HandlerServer.with(http -> new OrdersApi(counter.listOrders(),
            counter.lookUpOrder(), counter.changeOrderStatus()).addRoutes(http));

    {
        pharmacy.stock(1, "ibuprofen", 10, "Advil");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anOrderIsShownWithItsFieldsAndNeverCached() {
        Order order = pharmacy.placed(1, 2, OrderStatus.PENDING, "+15551230001", MORNING);

        HttpResponse<String> response = server.get("/api/orders/" + order.id());

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), startsWith("application/json"));
        assertThat(response.headers().firstValue("Cache-Control").orElse(""), is("no-store"));
        assertThat(response.body(), is("{\"id\":1,\"customer_name\":\"Alice Moreau\",\"caller_phone\":\"+15551230001\","
                + "\"drug_id\":1,\"drug\":\"ibuprofen\",\"quantity\":2,\"unit_price\":4.99,\"total_price\":9.98,"
                + "\"status\":\"pending\",\"note\":\"\",\"created_at\":\"2025-03-14T09:30:00Z\","
                + "\"updated_at\":\"2025-03-14T09:30:00Z\"}"));
    }

    @Test
    void patchMovesTheOrderAndAnswersItAsItIsNow() {
        Order order = pharmacy.placed(1, 2, OrderStatus.PENDING, "+15551230001", MORNING);

        HttpResponse<String> response = server.send("PATCH", "/api/orders/" + order.id(), "application/json",
                "{\"status\":\"cancelled\"}");

        assertThat(response.statusCode(), is(200));
        assertThat(response.body().contains("\"status\":\"cancelled\""), is(true));
        assertThat(pharmacy.stockOf(1), is(12));
    }

    @Test
    void anOrderMovedToReadyStaysReadyWhenItsCallCannotBeQueuedAndTheReplySaysSo() {
        Order order = pharmacy.placed(1, 2, OrderStatus.PENDING, "+15551230001", MORNING);
        var asked = new ArrayList<Long>();
        PickupCallsUseCase failing = new PickupCallsUseCase() {
            @Override
            public Trigger refillReady(long refillId) {
                throw new AssertionError("an order is not a refill");
            }

            @Override
            public Trigger orderReady(long orderId) {
                asked.add(orderId);
                throw new IllegalStateException("the notification table is locked");
            }
        };
        HttpResponse<String> response;
        try (HandlerServer withCalls = HandlerServer.with(http -> new OrdersApi(counter.listOrders(),
                counter.lookUpOrder(), counter.changeOrderStatus(), Optional.of(failing)).addRoutes(http))) {
            response = withCalls.send("PATCH", "/api/orders/" + order.id(), "application/json",
                    "{\"status\":\"ready\"}");
        }

        assertThat(response.statusCode(), is(200));
        assertThat(response.body(), startsWith("{\"id\":" + order.id() + ","));
        assertThat(response.body().endsWith(",\"status\":\"ready\",\"note\":\"\",\"created_at\":"
                + "\"2025-03-14T09:30:00Z\",\"updated_at\":\"" + pharmacy.order(order.id()).orElseThrow().updatedAt()
                .truncatedTo(ChronoUnit.SECONDS) + "\",\"pickup_call\":{\"queued\":false,\"reason\":\"The call "
                + "could not be queued just now; mark the order ready again to try again.\"}}"), is(true));
        assertThat(pharmacy.order(order.id()).orElseThrow().status(), is(OrderStatus.READY));
        assertThat(asked, equalTo(List.of(order.id())));
    }

    @Test
    void aMoveTheRulesForbidIsA409WithTheReason() {
        Order order = pharmacy.placed(1, 2, OrderStatus.CANCELLED, "+15551230001", MORNING);

        HttpResponse<String> response = server.send("PATCH", "/api/orders/" + order.id(), "application/json",
                "{\"status\":\"ready\"}");

        assertThat(response.statusCode(), is(409));
        assertThat(response.body(), is("{\"error\":\"status_change_not_allowed\",\"detail\":\"Order 1 is cancelled, "
                + "and a cancelled order can't be changed.\"}"));
    }

    @Test
    void badRequestsAreAnsweredWithTheirJsonError() {
        assertThat(server.get("/api/orders/x").body(), is("{\"error\":\"invalid_id\",\"detail\":\"Order ids are "
                + "positive whole numbers, not 'x'.\"}"));
        assertThat(server.get("/api/orders/7").statusCode(), is(404));
        assertThat(server.get("/api/orders?limit=500").statusCode(), is(400));
        assertThat(server.get("/api/orders?status=lost").statusCode(), is(400));
        assertThat(server.send("PATCH", "/api/orders/1", "text/plain", "ready").statusCode(), is(415));
        assertThat(server.send("DELETE", "/api/orders/1", "application/json", "").statusCode(), is(405));
    }

    @Test
    void theListIsNewestFirstWithTheLimitItWasAskedFor() {
        pharmacy.placed(1, 1, OrderStatus.PENDING, "+15551230001", MORNING);
        pharmacy.placed(1, 1, OrderStatus.READY, "+15551230002", MORNING.plusSeconds(60));

        HttpResponse<String> response = server.get("/api/orders?status=ready&limit=5");

        assertThat(response.statusCode(), is(200));
        assertThat(response.body().startsWith("{\"orders\":[{\"id\":2,"), is(true));
        assertThat(response.body().endsWith("],\"count\":1,\"limit\":5}"), equalTo(true));
    }
}
