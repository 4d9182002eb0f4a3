package org.pharmacyvoice.it;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image is built from the reactor inside the Dockerfile, which copies each module by name: a module added to the
 * build but not to the Dockerfile breaks only the image build, late in CI. This finds it in seconds.
 */
class DockerfileModulesTest {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");
    private static final Pattern COPY = Pattern.compile("(?m)^COPY (\\S+) \\1$");

    @Test
    void theDockerfileCopiesEveryModuleTheBuildHasAndTheTestModulesPom() throws IOException {
        String pom = Files.readString(DeployTools.REPOSITORY.resolve("pom.xml"));
        String dockerfile = Files.readString(DeployTools.REPOSITORY.resolve("Dockerfile"));
        List<String> modules = all(MODULE.matcher(pom));
        List<String> copied = all(COPY.matcher(dockerfile));

        List<String> missing = new ArrayList<>(modules);
        missing.remove("it-tests");
        missing.removeAll(copied);
        assertThat("modules of pom.xml the Dockerfile does not COPY", missing, equalTo(List.of()));
        assertThat("the reactor needs every module's pom, the tests' too", dockerfile,
                containsString("COPY it-tests/pom.xml it-tests/pom.xml"));
        assertThat(modules, hasItem("adapters-telemetry"));
    }

    private static List<String> all(Matcher matcher) {
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
