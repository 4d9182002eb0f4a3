package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The staff API over real HTTP against the real server: orders are placed by phone through the fake agent, then
 * looked at and moved along by staff, and the stock on the shelf is checked through the API.
 */
class StaffApiTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Demo patients' own lines (README, "Demo patients"): orders placed from them are theirs to ask about. */
    private static final String HENRYS_PHONE = "+12025550107";
    private static final String GRACES_PHONE = "+12025550106";

    @TempDir
    static Path dataDir;
    private static RunningPharmacy pharmacy;
    private static HttpClient http;

    @BeforeAll
    static void startPharmacy() {
        pharmacy = RunningPharmacy.start(dataDir, Map.of());
        http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @AfterAll
    static void stopPharmacy() {
        pharmacy.close();
    }

    // --- drugs

    @Test
    void drugSearchFindsABrandNameInAnyCaseWithEveryFactOfTheDrug() {
        HttpResponse<String> response = get("/api/drugs?query=LIPITOR");

        assertThat(response.statusCode(), is(200));
        assertThat(response.headers().firstValue("Content-Type"), is(Optional.of("application/json")));
        long id = json(response).getJsonArray("drugs").getJsonObject(0).getJsonNumber("id").longValueExact();
        assertThat(response.body(), is("{\"drugs\":[{\"id\":" + id + ",\"generic_name\":\"atorvastatin\","
                + "\"brand_names\":[\"Lipitor\"],\"strength\":\"20 mg\",\"form\":\"tablet\","
                + "\"pack_size\":\"30 tablets\",\"price\":14.00,\"stock_on_hand\":140,\"prescription_required\":true,"
                + "\"common_uses\":\"Lowers LDL cholesterol and the risk of heart attack and stroke.\","
                + "\"key_warnings\":\"Report unexplained muscle pain or weakness. Avoid large amounts of grapefruit "
                + "juice. Not in pregnancy.\"}],\"count\":1}"));
        assertThat(get("/api/drugs/" + id).body(),
                is(json(response).getJsonArray("drugs").getJsonObject(0).toString()));
    }

    @Test
    void drugSearchMatchesPartOfAGenericNameSortedByName() {
        JsonObject found = json(get("/api/drugs?query=statin"));

        assertThat(genericNames(found), contains("atorvastatin", "rosuvastatin", "simvastatin"));
        assertThat(found.getInt("count"), is(3));
    }

    @Test
    void noQueryListsTheWholeFormularySortedByGenericName() {
        JsonObject all = json(get("/api/drugs"));
        JsonObject blank = json(get("/api/drugs?query="));

        assertThat(all.getInt("count"), is(75));
        assertThat(genericNames(all), is(genericNames(all).stream().sorted().toList()));
        assertThat(blank, is(all));
    }

    @Test
    void searchThatMatchesNothingIsAnEmptyList() {
        HttpResponse<String> response = get("/api/drugs?query=unobtainium");

        assertThat(response.statusCode(), is(200));
        assertThat(response.body(), is("{\"drugs\":[],\"count\":0}"));
    }

    @Test
    void unknownDrugIsA404WithAJsonError() {
        HttpResponse<String> response = get("/api/drugs/999999");

        assertThat(response.statusCode(), is(404));
        assertThat(response.headers().firstValue("Content-Type"), is(Optional.of("application/json")));
        assertThat(response.body(), is("{\"error\":\"not_found\",\"detail\":\"No drug with id 999999.\"}"));
    }

    @ParameterizedTest(name = "GET {0} is 400: {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/drugs/abc | {\"error\":\"invalid_id\",\"detail\":\"Drug ids are positive whole numbers, not 'abc'.\"}",
            "/api/drugs/0 | {\"error\":\"invalid_id\",\"detail\":\"Drug ids are positive whole numbers, not '0'.\"}",
            "/api/drugs?q=advil | {\"error\":\"unknown_parameter\",\"detail\":\"Unknown query parameter 'q'; this endpoint takes query.\"}",
            "/api/drugs?query=a&query=b | {\"error\":\"repeated_parameter\",\"detail\":\"Give the query parameter 'query' at most once.\"}",
            "/api/orders/99999999999999999999 | {\"error\":\"invalid_id\",\"detail\":\"Order ids are positive whole numbers, not '99999999999999999999'.\"}",
            "/api/orders?status=shipped | {\"error\":\"invalid_parameter\",\"detail\":\"Unknown status 'shipped'; an order is one of pending, ready, picked_up, cancelled.\"}",
            "/api/orders?limit=0 | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from 1 to 200, not '0'.\"}",
            "/api/orders?limit=201 | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from 1 to 200, not '201'.\"}",
            "/api/orders?limit=ten | {\"error\":\"invalid_parameter\",\"detail\":\"'limit' must be a whole number from 1 to 200, not 'ten'.\"}",
            "/api/orders?phone=bob | {\"error\":\"invalid_parameter\",\"detail\":\"'phone' is not a phone number (7 to 15 digits, may start with +): bob.\"}",
            "/api/orders?sort=oldest | {\"error\":\"unknown_parameter\",\"detail\":\"Unknown query parameter 'sort'; this endpoint takes limit, phone, status.\"}"})
    void malformedQueriesAre400WithAJsonErrorSayingWhatWasWrong(String path, String body) {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode(), is(400));
        assertThat(response.body(), is(body));
    }

    // --- listing orders

    @Test
    void ordersOfOneCallerAreListedNewestFirstWithEveryFact() {
        long first;
        long second;
        try (var call = PhoneCall.from(pharmacy, "+15550100001")) {
            first = call.placeOrder("Nora Quinn", "Advil", 2);
            second = call.placeOrder("Nora Quinn", "famotidine", 1);
        }
        try (var call = PhoneCall.from(pharmacy, "+15550100002")) {
            call.placeOrder("Omar Reyes", "aspirin", 1);
        }

        JsonObject withPlus = json(get("/api/orders?phone=%2B15550100001"));
        JsonObject digitsOnly = json(get("/api/orders?phone=15550100001"));
        JsonObject plusAsSpace = json(get("/api/orders?phone=+15550100001"));

        assertThat(orderIds(withPlus), contains(second, first));
        assertThat(digitsOnly, is(withPlus));
        assertThat(plusAsSpace, is(withPlus));
        assertThat(withPlus.getInt("count"), is(2));
        assertThat(withPlus.getInt("limit"), is(50));
        JsonObject newest = withPlus.getJsonArray("orders").getJsonObject(0);
        assertThat(newest.getString("customer_name"), is("Nora Quinn"));
        assertThat(newest.getString("caller_phone"), is("+15550100001"));
        assertThat(newest.getString("drug"), is("famotidine"));
        assertThat(newest.getInt("quantity"), is(1));
        assertThat(newest.getJsonNumber("unit_price").toString(), is("10.99"));
        assertThat(newest.getJsonNumber("total_price").toString(), is("10.99"));
        assertThat(newest.getString("status"), is("pending"));
        assertThat(newest.getString("note"), is("Pharmacy staff will prepare the order; the caller can pick it up once "
                + "it is marked ready."));
        JsonObject older = withPlus.getJsonArray("orders").getJsonObject(1);
        assertThat(older.getString("drug"), is("ibuprofen"));
        assertThat(older.getJsonNumber("total_price").toString(), is("15.98"));
    }

    @Test
    void ordersAreFilteredByStatusAndPagedByLimit() {
        long pending;
        long ready;
        try (var call = PhoneCall.from(pharmacy, "+15550100003")) {
            pending = call.placeOrder("Pia Sato", "loratadine", 1);
            ready = call.placeOrder("Pia Sato", "cetirizine", 1);
        }
        patch("/api/orders/" + ready, "{\"status\":\"ready\"}");

        assertThat(orderIds(json(get("/api/orders?phone=15550100003&status=pending"))), contains(pending));
        assertThat(orderIds(json(get("/api/orders?phone=15550100003&status=ready"))), contains(ready));
        assertThat(orderIds(json(get("/api/orders?phone=15550100003&status="))), contains(ready, pending));
        JsonObject page = json(get("/api/orders?phone=15550100003&limit=1"));
        assertThat(orderIds(page), contains(ready));
        assertThat(page.getInt("limit"), is(1));
        assertThat(orderIds(json(get("/api/orders?phone=15550100003&status=cancelled"))), is(List.of()));
    }

    @Test
    void orderByIdIsWhatTheCallerWasToldOnThePhone() {
        JsonObject told;
        try (var call = PhoneCall.from(pharmacy, "+15550100004")) {
            told = call.run("place_order", "{\"customer_name\":\"Rui Tan\",\"drug_name\":\"Zyrtec\",\"quantity\":3}");
        }
        long id = told.getJsonNumber("order_id").longValueExact();

        HttpResponse<String> response = get("/api/orders/" + id);

        assertThat(response.statusCode(), is(200));
        JsonObject order = json(response);
        assertThat(order.getJsonNumber("id").longValueExact(), is(id));
        assertThat(order.getString("customer_name"), is(told.getString("customer_name")));
        assertThat(order.getString("drug"), is(told.getString("drug")));
        assertThat(order.getInt("quantity"), is(3));
        assertThat(order.getJsonNumber("total_price"), is(told.getJsonNumber("total_price")));
        assertThat(order.getString("created_at"), is(told.getString("created_at")));
        assertThat(order.getString("updated_at"), is(told.getString("created_at")));
    }

    @Test
    void unknownOrderIsA404() {
        HttpResponse<String> response = get("/api/orders/424242");

        assertThat(response.statusCode(), is(404));
        assertThat(response.body(), is("{\"error\":\"not_found\",\"detail\":\"No order with id 424242.\"}"));
    }

    // --- moving orders along

    @Test
    void orderGoesFromPendingToReadyToPickedUpAndThenNoFurther() {
        int shelfBefore = stockOf("naproxen");
        long id;
        try (var call = PhoneCall.from(pharmacy, "+15550100005")) {
            id = call.placeOrder("Sam Ortiz", "Aleve", 2);
        }

        HttpResponse<String> ready = send("PATCH", "/api/orders/" + id, "application/json; charset=utf-8",
                "{\"status\":\"ready\"}");
        HttpResponse<String> pickedUp = patch("/api/orders/" + id, "{\"status\":\"picked_up\"}");
        HttpResponse<String> cancel = patch("/api/orders/" + id, "{\"status\":\"cancelled\"}");

        assertThat(ready.statusCode(), is(200));
        assertThat(json(ready).getString("status"), is("ready"));
        assertThat(pickedUp.statusCode(), is(200));
        assertThat(json(pickedUp).getString("status"), is("picked_up"));
        assertThat(json(pickedUp).getJsonNumber("id").longValueExact(), is(id));
        assertThat(cancel.statusCode(), is(409));
        assertThat(cancel.body(), is("{\"error\":\"status_change_not_allowed\",\"detail\":\"Order " + id
                + " is picked up, and a picked up order can't be changed.\"}"));
        assertThat(json(get("/api/orders/" + id)).getString("status"), is("picked_up"));
        assertThat(stockOf("naproxen"), is(shelfBefore - 2));
    }

    @Test
    void staffCancellingAnOrderPutsItsPacksBackAndACancelledOrderCantBePickedUp() {
        int shelfBefore = stockOf("omeprazole");
        long id;
        // A demo patient's own line, so that the patient can ask about the order by phone once verified.
        try (var call = PhoneCall.from(pharmacy, HENRYS_PHONE)) {
            id = call.placeOrder("Henry Nguyen", "Prilosec", 4);
        }
        assertThat(stockOf("omeprazole"), is(shelfBefore - 4));

        HttpResponse<String> cancelled = patch("/api/orders/" + id, "{\"status\":\"cancelled\"}");
        HttpResponse<String> pickedUp = patch("/api/orders/" + id, "{\"status\":\"picked_up\"}");

        assertThat(cancelled.statusCode(), is(200));
        assertThat(json(cancelled).getString("status"), is("cancelled"));
        assertThat(stockOf("omeprazole"), is(shelfBefore));
        assertThat(pickedUp.statusCode(), is(409));
        assertThat(pickedUp.headers().firstValue("Content-Type"), is(Optional.of("application/json")));
        assertThat(pickedUp.body(), is("{\"error\":\"status_change_not_allowed\",\"detail\":\"Order " + id
                + " is cancelled, and a cancelled order can't be changed.\"}"));
        assertThat(stockOf("omeprazole"), is(shelfBefore));
        try (var call = PhoneCall.from(pharmacy, HENRYS_PHONE)) {
            call.verifyAs("Henry Nguyen", "1947-06-12");
            assertThat(call.run("lookup_order", "{\"order_id\":" + id + "}").getString("status"), is("cancelled"));
        }
    }

    @Test
    void pendingOrderCantSkipStraightToPickedUp() {
        long id;
        try (var call = PhoneCall.from(pharmacy, "+15550100007")) {
            id = call.placeOrder("Uma Vance", "famotidine", 1);
        }

        HttpResponse<String> response = patch("/api/orders/" + id, "{\"status\":\"picked_up\"}");

        assertThat(response.statusCode(), is(409));
        assertThat(response.body(), is("{\"error\":\"status_change_not_allowed\",\"detail\":\"Order " + id
                + " is pending: it can only become ready or cancelled, not picked_up.\"}"));
        assertThat(json(get("/api/orders/" + id)).getString("status"), is("pending"));
    }

    @Test
    void askingForTheStatusAnOrderAlreadyHasChangesNothing() {
        long id;
        try (var call = PhoneCall.from(pharmacy, "+15550100008")) {
            id = call.placeOrder("Vic Wong", "melatonin", 1);
        }

        HttpResponse<String> first = patch("/api/orders/" + id, "{\"status\":\"ready\"}");
        HttpResponse<String> again = send("PATCH", "/api/orders/" + id, "application/merge-patch+json",
                "{\"status\":\"ready\"}");

        assertThat(again.statusCode(), is(200));
        assertThat(again.body(), is(first.body()));
    }

    @Test
    void callerCantCancelByPhoneAnOrderStaffMarkedReady() {
        long id;
        try (var call = PhoneCall.from(pharmacy, GRACES_PHONE)) {
            id = call.placeOrder("Grace Okafor", "docusate", 1);
        }
        patch("/api/orders/" + id, "{\"status\":\"ready\"}");

        try (var call = PhoneCall.from(pharmacy, GRACES_PHONE)) {
            call.verifyAs("Grace Okafor", "1940-01-01");
            JsonObject answer = call.run("cancel_order", "{\"order_id\":" + id + "}");
            assertThat(answer.getString("error"), is("Order " + id + " is already ready and can no longer be "
                    + "cancelled by phone."));
        }
        assertThat(json(get("/api/orders/" + id)).getString("status"), is("ready"));
    }

    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "application/json | {\"status\": | 400 | malformed_json",
            "application/json | [\"ready\"] | 400 | malformed_json",
            "application/json | {\"status\":\"ready\"} x | 400 | malformed_json",
            "application/json | {\"status\":\"ready\"}{\"status\":\"cancelled\"} | 400 | malformed_json",
            "application/json; charset=UTF-8 | {\"status\":\"ready\" | 400 | malformed_json",
            "application/json | `` | 400 | malformed_json",
            "application/json | {} | 400 | missing_field",
            "application/json | {\"status\":5} | 400 | invalid_field",
            "application/json | {\"status\":null} | 400 | invalid_field",
            "application/json | {\"status\":\"shipped\"} | 400 | invalid_status",
            "application/json | {\"status\":\"READY\"} | 400 | invalid_status",
            "application/json | {\"status\":\"ready\",\"quantity\":9} | 400 | unknown_field",
            "text/plain | {\"status\":\"ready\"} | 415 | unsupported_media_type",
            "application/x-www-form-urlencoded | status=ready | 415 | unsupported_media_type"})
    void badStatusChangesAreRejectedWithAJsonErrorAndTheOrderStaysAsItWas(String contentType, String body,
            int status, String error) {
        long id = orderFrom("+15550100010");

        HttpResponse<String> response = send("PATCH", "/api/orders/" + id, contentType, body);

        assertThat(response.statusCode(), is(status));
        assertThat(response.headers().firstValue("Content-Type"), is(Optional.of("application/json")));
        assertThat(json(response).getString("error"), is(error));
        assertThat(json(get("/api/orders/" + id)).getString("status"), is("pending"));
    }

    @Test
    void exactErrorsForTheCommonMistakes() {
        long id = orderFrom("+15550100011");

        assertThat(patch("/api/orders/" + id, "{\"status\":\"shipped\"}").body(), is("{\"error\":\"invalid_status\","
                + "\"detail\":\"Unknown status 'shipped'; an order is one of pending, ready, picked_up, cancelled.\"}"));
        assertThat(patch("/api/orders/" + id, "{\"status\":true}").body(), is("{\"error\":\"invalid_field\","
                + "\"detail\":\"status must be a string, not true.\"}"));
        assertThat(send("PATCH", "/api/orders/" + id, "text/plain", "ready").body(),
                is("{\"error\":\"unsupported_media_type\",\"detail\":\"Send the body as application/json, not "
                        + "'text/plain'.\"}"));
        assertThat(send("PATCH", "/api/orders/" + id, null, "{\"status\":\"ready\"}").statusCode(), is(415));
        assertThat(json(get("/api/orders/" + id)).getString("status"), is("pending"));
    }

    @Test
    void statusChangeOfAnUnknownOrderIsA404AndOfANonNumberA400() {
        HttpResponse<String> unknown = patch("/api/orders/424242", "{\"status\":\"ready\"}");
        HttpResponse<String> notANumber = patch("/api/orders/first", "{\"status\":\"ready\"}");

        assertThat(unknown.statusCode(), is(404));
        assertThat(unknown.body(), is("{\"error\":\"not_found\",\"detail\":\"No order with id 424242.\"}"));
        assertThat(notANumber.statusCode(), is(400));
        assertThat(json(notANumber).getString("error"), is("invalid_id"));
    }

    @Test
    void aHugeBodyIsRefusedUnread() {
        long id = orderFrom("+15550100012");
        String huge = "{\"status\":\"ready\",\"padding\":\"" + "x".repeat(5000) + "\"}";

        HttpResponse<String> response = patch("/api/orders/" + id, huge);

        assertThat(response.statusCode(), is(413));
        assertThat(response.body(), is("{\"error\":\"body_too_large\",\"detail\":\"The body must be at most 4096 bytes.\"}"));
    }

    @Test
    void otherMethodsGetA405NamingTheAllowedOnes() {
        HttpResponse<String> delete = send("DELETE", "/api/orders/1", null, null);
        HttpResponse<String> post = send("POST", "/api/drugs", "application/json", "{}");

        assertThat(delete.statusCode(), is(405));
        assertThat(delete.headers().firstValue("Allow"), is(Optional.of("GET, PATCH")));
        assertThat(delete.body(), is("{\"error\":\"method_not_allowed\",\"detail\":\"DELETE is not supported here; "
                + "use GET, PATCH.\"}"));
        assertThat(post.statusCode(), is(405));
        assertThat(post.headers().firstValue("Allow"), is(Optional.of("GET")));
    }

    @ParameterizedTest(name = "GET {0}")
    @CsvSource({"/api/orders/", "/api/drugs/1/brands"})
    void pathsBelowTheResourcesThatDontExistAreAJson404(String path) {
        HttpResponse<String> response = get(path);

        assertThat(response.statusCode(), is(404));
        assertThat(response.body(), is("{\"error\":\"not_found\",\"detail\":\"Nothing at " + path
                + "; see /api/drugs, /api/drugs/{id}, /api/orders and /api/orders/{id}.\"}"));
    }

    // --- helpers

    private static long orderFrom(String callerNumber) {
        try (var call = PhoneCall.from(pharmacy, callerNumber)) {
            return call.placeOrder("Test Customer", "acetaminophen", 1);
        }
    }

    private static int stockOf(String genericName) {
        JsonObject found = json(get("/api/drugs?query=" + genericName));
        return found.getJsonArray("drugs").getValuesAs(JsonObject.class).stream()
                .filter(drug -> drug.getString("generic_name").equals(genericName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no drug " + genericName))
                .getInt("stock_on_hand");
    }

    private static List<String> genericNames(JsonObject drugs) {
        return drugs.getJsonArray("drugs").getValuesAs(JsonObject.class).stream()
                .map(drug -> drug.getString("generic_name"))
                .toList();
    }

    private static List<Long> orderIds(JsonObject orders) {
        return orders.getJsonArray("orders").getValuesAs(JsonObject.class).stream()
                .map(order -> order.getJsonNumber("id").longValueExact())
                .toList();
    }

    private static HttpResponse<String> get(String path) {
        return send("GET", path, null, null);
    }

    private static HttpResponse<String> patch(String path, String body) {
        return send("PATCH", path, "application/json", body);
    }

    static HttpResponse<String> send(String method, String path, String contentType, String body) {
        var request = HttpRequest.newBuilder(pharmacy.http(path)).timeout(TIMEOUT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonObject json(HttpResponse<String> response) {
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            JsonValue value = reader.readValue();
            assertThat("JSON object in " + response.body(), value.getValueType(), equalTo(JsonValue.ValueType.OBJECT));
            return value.asJsonObject();
        }
    }
}
