package dev.pinwheel.client.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program to its end and keeps its exit code and its output (stdout and stderr together). */
record Command(int exitCode, String output) {

    static Command run(List<String> command, Map<String, String> environment, Path workDir, long timeoutSeconds)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("command", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(environment);
            Process process = pb.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException(
                        command.get(0) + " did not end within " + timeoutSeconds + " s: " + Files.readString(out));
            }
            return new Command(process.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Whether a program is on the PATH. */
    static boolean available(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
