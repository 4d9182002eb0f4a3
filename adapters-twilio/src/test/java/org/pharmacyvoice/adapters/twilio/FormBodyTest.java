package org.pharmacyvoice.adapters.twilio;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Form bodies keep repeated names, and more parameters than allowed give no form at all. */
class FormBodyTest {

    @Test
    void repeatedNamesKeepEveryValueInOrder() {
        FormBody form = FormBody.parse("Digits=5678&CallSid=CA1&Digits=1234", 10).orElseThrow();

        assertThat(form.values(), equalTo(Map.of("Digits", List.of("5678", "1234"), "CallSid", List.of("CA1"))));
    }

    @Test
    void exactlyTheLimitIsParsedAndOneMoreIsRefused() {
        assertThat(FormBody.parse("a=1&b=2&c=3", 3).isPresent(), is(true));
        assertThat(FormBody.parse("a=1&b=2&c=3&d=4", 3).isPresent(), is(false));
    }

    @Test
    void emptyPairsDoNotCount() {
        assertThat(FormBody.parse("&&a=1&&b=2&&&c=3&", 3).orElseThrow().values().keySet(),
                equalTo(java.util.Set.of("a", "b", "c")));
    }

    @Test
    void repeatsCountEachTime() {
        assertThat(FormBody.parse("a=1&a=2&a=3&a=4", 3).isPresent(), is(false));
    }
}
