package org.pharmacyvoice.it;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The container image as {@code .ci/image.sh} exports it — its file system ({@code rootfs/}) and its configuration
 * ({@code image.json}, from {@code podman image inspect}) — started the way a container runtime starts it: the
 * image's own ENTRYPOINT, Env, User and WorkingDir, under chroot in a private mount namespace with /proc and /dev.
 * Podman builds images on these machines but can't run them (hybrid cgroups); chroot shares the host's network, so
 * the server inside reaches a fake agent on 127.0.0.1 and the test reaches the server there.
 */
final class ExportedImage {

    private final Path rootfs;
    private final JsonObject image;

    private ExportedImage(Path rootfs, JsonObject image) {
        this.rootfs = rootfs;
        this.image = image;
    }

    /** The folder named by {@code IMAGE_EXPORT}, when it holds an export. */
    static Optional<Path> location() {
        return Optional.ofNullable(System.getenv("IMAGE_EXPORT")).filter(value -> !value.isBlank()).map(Path::of)
                .filter(folder -> Files.isDirectory(folder.resolve("rootfs"))
                        && Files.isRegularFile(folder.resolve("image.json")));
    }

    static ExportedImage open(Path folder) {
        try (var reader = Json.createReader(Files.newBufferedReader(folder.resolve("image.json")))) {
            JsonValue inspected = reader.readValue();
            JsonObject image = inspected.getValueType() == JsonValue.ValueType.ARRAY
                    ? inspected.asJsonArray().getJsonObject(0) : inspected.asJsonObject();
            return new ExportedImage(folder.resolve("rootfs"), image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path rootfs() {
        return rootfs;
    }

    /** The image's size as podman reports it, in bytes. */
    long size() {
        return image.getJsonNumber("Size").longValue();
    }

    List<String> entrypoint() {
        return strings(config().getJsonArray("Entrypoint"));
    }

    /** The image's Env, in order. */
    Map<String, String> environment() {
        var environment = new LinkedHashMap<String, String>();
        for (String entry : strings(config().getJsonArray("Env"))) {
            int equals = entry.indexOf('=');
            environment.put(entry.substring(0, equals), entry.substring(equals + 1));
        }
        return environment;
    }

    String user() {
        return config().getString("User", "");
    }

    String workingDir() {
        return config().getString("WorkingDir", "/");
    }

    List<String> volumes() {
        JsonObject volumes = config().getJsonObject("Volumes");
        return volumes == null ? List.of() : List.copyOf(volumes.keySet());
    }

    List<String> exposedPorts() {
        JsonObject ports = config().getJsonObject("ExposedPorts");
        return ports == null ? List.of() : List.copyOf(ports.keySet());
    }

    /** The HEALTHCHECK's command without its CMD / CMD-SHELL marker; empty when the image has none. */
    List<String> healthcheck() {
        JsonObject check = image.getJsonObject("Healthcheck");
        if (check == null) {
            return List.of();
        }
        List<String> test = strings(check.getJsonArray("Test"));
        return switch (test.getFirst()) {
            case "CMD" -> test.subList(1, test.size());
            case "CMD-SHELL" -> List.of("/bin/sh", "-c", test.get(1));
            default -> List.of();
        };
    }

    /** The ENTRYPOINT started as the image's user, with the image's Env and then {@code overrides}. */
    PackagedServer start(Map<String, String> overrides, Path logFile) {
        return PackagedServer.start(inside(entrypoint(), overrides), Map.of(), logFile);
    }

    /** Runs {@code command} inside the image like the entrypoint, to its end; its output goes to {@code log}. */
    Finished run(List<String> command, Map<String, String> overrides, Path log, Duration timeout) {
        try {
            Process process = new ProcessBuilder(inside(command, overrides)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout);
            }
            return new Finished(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** A command that ended: its exit status and what it printed. */
    record Finished(int exitStatus, String output) {
    }

    /**
     * unshare gives the mounts a namespace of their own, so they vanish with the process; every step execs the
     * next, so the process the caller holds ends up being the image's own command and gets its signals.
     */
    private List<String> inside(List<String> command, Map<String, String> overrides) {
        var environment = new LinkedHashMap<>(environment());
        environment.putAll(overrides);
        var line = new ArrayList<>(List.of("unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c",
                "r=$1 u=$2; shift 2; mount -t proc proc \"$r/proc\" && mount --rbind /dev \"$r/dev\""
                        + " && mount --bind /etc/hosts \"$r/etc/hosts\" && exec chroot --userspec=\"$u\" \"$r\" \"$@\"",
                "chroot-image", rootfs.toAbsolutePath().toString(), user().isEmpty() ? "0:0" : user(),
                "/usr/bin/env", "-i"));
        environment.forEach((name, value) -> line.add(name + "=" + value));
        line.addAll(List.of("/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", workingDir()));
        line.addAll(command);
        return line;
    }

    private JsonObject config() {
        return image.getJsonObject("Config");
    }

    private static List<String> strings(JsonArray array) {
        return array == null ? List.of() : array.getValuesAs(JsonString.class).stream().map(JsonString::getString)
                .toList();
    }
}
