package dev.pinwheel.client;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the client's state — the root documents it walked, the key set and the bundle — in one
 * file, as the one text the client hands it. {@link #save} writes a temporary file next to it,
 * forces it to disk, then renames it over the old file with an atomic move, so that a crash or
 * power loss leaves either the old or the new state, never a torn one and never a root, key set
 * and bundle that do not belong together. On Android, pass a path under
 * {@code Context.getFilesDir()}. A file written by an earlier version (a bare bundle) is read too.
 */
public final class FileBundleStore implements BundleStore {

    private final Path file;

    /** @param file the state file; its directory is created when missing */
    public FileBundleStore(Path file) {
        this.file = Objects.requireNonNull(file, "file").toAbsolutePath();
    }

    /** The file this store writes. */
    public Path file() {
        return file;
    }

    @Override
    public Optional<String> load() throws IOException {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void save(String jws) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString() + ".", ".tmp");
        try {
            try (FileChannel channel =
                    FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(jws.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + dir + " cannot replace files atomically", e);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void syncDirectory(Path dir) {
        // Makes the rename itself durable where the platform allows opening a directory (Linux, Android).
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException ignored) {
            // Not supported here (e.g. Windows); the rename is still atomic.
        }
    }
}
