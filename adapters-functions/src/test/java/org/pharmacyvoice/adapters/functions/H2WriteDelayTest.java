package org.pharmacyvoice.adapters.functions;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.is;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which database urls get WRITE_DELAY=0: H2 urls that store data on disk and leave the delay to H2's default. */
class H2WriteDelayTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "jdbc:h2:file:./data/pharmacy | jdbc:h2:file:./data/pharmacy;WRITE_DELAY=0",
            "jdbc:h2:./data/pharmacy | jdbc:h2:./data/pharmacy;WRITE_DELAY=0",
            "jdbc:h2:~/pharmacy;AUTO_SERVER=TRUE | jdbc:h2:~/pharmacy;AUTO_SERVER=TRUE;WRITE_DELAY=0",
            "jdbc:h2:tcp://db.local/pharmacy | jdbc:h2:tcp://db.local/pharmacy;WRITE_DELAY=0",
            "JDBC:H2:FILE:/srv/pharmacy | JDBC:H2:FILE:/srv/pharmacy;WRITE_DELAY=0",
            "jdbc:h2:file:./data/pharmacy;WRITE_DELAY=500 | jdbc:h2:file:./data/pharmacy;WRITE_DELAY=500",
            "jdbc:h2:file:./data/pharmacy; write_delay = 2000 | jdbc:h2:file:./data/pharmacy; write_delay = 2000",
            "jdbc:h2:mem:pharmacy | jdbc:h2:mem:pharmacy",
            "jdbc:postgresql://localhost/pharmacy | jdbc:postgresql://localhost/pharmacy",
    })
    void h2UrlsWithoutAWriteDelayOfTheirOwnGetZero(String url, String used) {
        assertThat(H2WriteDelay.writeOnCommit(url), is(used));
    }
}
