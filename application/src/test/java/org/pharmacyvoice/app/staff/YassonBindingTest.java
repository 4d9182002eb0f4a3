package org.pharmacyvoice.app.staff;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.config.PropertyNamingStrategy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * What JSON-B (Yasson, from Helidon's BOM) would make of the staff API's bodies, strictest settings on: the
 * measurements that keep the request bodies and replies on JSON-P (see {@link StatusPatch} and {@link StaffJson}).
 * If one of these fails, Yasson changed, and binding may now keep the API's contract.
 */
class YassonBindingTest {

    /** The body of a callback's or a renewal request's PATCH. */
    public record OpenBody(Boolean open) {
    }

    /** The body of an order's or a refill's PATCH. */
    public record StatusBody(String status) {
    }

    /** Two fields of a reply, declared in the order the API sends them. */
    public record Reply(String status, long id) {
    }

    private static final Jsonb STRICT = JsonbBuilder.create(new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .setProperty("jsonb.fail-on-unknown-properties", true));

    @AfterAll
    static void close() throws Exception {
        STRICT.close();
    }

    /** Today: 400 "open must be true or false, not string." Bound, the callback would be closed. */
    @Test
    void aStringOrANumberBindsAsFalseSoAMalformedCloseWouldClose() {
        assertThat(STRICT.fromJson("{\"open\":\"no\"}", OpenBody.class), equalTo(new OpenBody(false)));
        assertThat(STRICT.fromJson("{\"open\":0}", OpenBody.class), equalTo(new OpenBody(false)));
    }

    /** Today: "status must be a string, not number." Bound, it becomes the status "1". */
    @Test
    void aNumberBindsAsAString() {
        assertThat(STRICT.fromJson("{\"status\":1}", StatusBody.class), equalTo(new StatusBody("1")));
    }

    /** Today: missing_field for {@code {}}, invalid_field "not null" for {@code {"status":null}}. */
    @Test
    void anExplicitNullAndAMissingFieldBindAlike() {
        assertThat(STRICT.fromJson("{\"status\":null}", StatusBody.class),
                equalTo(STRICT.fromJson("{}", StatusBody.class)));
    }

    /** Today: "... not 'rx_number'." Bound, the name is only in Yasson's English sentence. */
    @Test
    void anUnknownFieldIsNamedOnlyInsideYassonsMessage() {
        var refused = assertThrows(JsonbException.class,
                () -> STRICT.fromJson("{\"status\":\"ready\",\"rx_number\":\"1\"}", StatusBody.class));

        assertThat(refused.getMessage(), containsString("Json property rx_number can not be mapped"));
    }

    /** The API sends fields in a fixed order; JSON-B sorts them unless every type lists its order again. */
    @Test
    void repliesComeOutInAlphabeticalOrderAndWithoutTheirNulls() {
        assertThat(STRICT.toJson(new Reply("ready", 7)), equalTo("{\"id\":7,\"status\":\"ready\"}"));
        assertThat(STRICT.toJson(new StatusBody(null)), equalTo("{}"));
    }
}
