package dev.pinwheel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's documentation (README.md, docs/**&#47;*.md,
 * client/README.md) points at a file or folder that exists and, with a {@code #fragment} into a
 * Markdown file, at a heading of that file (GitHub's anchor for it). External http(s) and mailto
 * links are not fetched. Plain file reading, no Spring context.
 */
class DocumentationLinksTests {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    /** An inline link or image: {@code [text](target)} or {@code [text](target "title")}. */
    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[[^\\]]*\\]\\(\\s*(<[^>]*>|[^)\\s]+)(?:\\s+\"[^\"]*\")?\\s*\\)");

    /** A reference definition: {@code [label]: target}. */
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s+(<[^>]*>|\\S+)");

    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");

    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    private static final Pattern FENCE = Pattern.compile("^\\s*(```|~~~)");

    private final Map<Path, Set<String>> anchorsByFile = new HashMap<>();

    @Test
    void everyRelativeLinkInTheDocumentationResolves() {
        List<Path> files = documentationFiles();
        assertThat(files)
                .contains(
                        ROOT.resolve("README.md"),
                        ROOT.resolve("client/README.md"),
                        ROOT.resolve("docs/design.md"),
                        ROOT.resolve("docs/adr/README.md"));

        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : files) {
            for (Link link : links(file)) {
                if (isExternal(link.target())) {
                    continue;
                }
                checked++;
                problem(file, link.target())
                        .ifPresent(why -> broken.add(
                                ROOT.relativize(file) + ":" + link.line() + ": " + link.target() + " — " + why));
            }
        }

        assertThat(checked).as("relative links checked").isGreaterThan(50);
        assertThat(broken).as("broken relative links in the documentation").isEmpty();
    }

    @Test
    void anchorsFollowGitHubHeadingSlugs() {
        assertThat(slug("Walkthrough against a local `openssl s_server`"))
                .isEqualTo("walkthrough-against-a-local-openssl-s_server");
        assertThat(slug("Faults (tests, not timings)")).isEqualTo("faults-tests-not-timings");
        assertThat(slug("The bundle endpoint: Pinwheel against nginx"))
                .isEqualTo("the-bundle-endpoint-pinwheel-against-nginx");
        assertThat(slug("Trust chain and [key ceremony](docs/key-ceremony.md)"))
                .isEqualTo("trust-chain-and-key-ceremony");
    }

    private static List<Path> documentationFiles() {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        files.add(ROOT.resolve("client/README.md"));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private record Link(int line, String target) {}

    private static List<Link> links(Path file) {
        List<Link> links = new ArrayList<>();
        boolean inFence = false;
        List<String> lines = read(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            String text = CODE_SPAN.matcher(line).replaceAll("");
            Matcher inline = INLINE_LINK.matcher(text);
            while (inline.find()) {
                links.add(new Link(i + 1, unbracket(inline.group(1))));
            }
            Matcher reference = REFERENCE.matcher(text);
            if (reference.find()) {
                links.add(new Link(i + 1, unbracket(reference.group(1))));
            }
        }
        return links;
    }

    private static String unbracket(String target) {
        return target.startsWith("<") && target.endsWith(">") ? target.substring(1, target.length() - 1) : target;
    }

    private static boolean isExternal(String target) {
        String t = target.toLowerCase(Locale.ROOT);
        return t.startsWith("http://") || t.startsWith("https://") || t.startsWith("mailto:");
    }

    /** Why the target does not resolve, or empty when it does. */
    private java.util.Optional<String> problem(Path from, String target) {
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = pathPart.isEmpty()
                ? from
                : from.getParent()
                        .resolve(URLDecoder.decode(pathPart, StandardCharsets.UTF_8))
                        .normalize();
        if (!resolved.startsWith(ROOT)) {
            return java.util.Optional.of("points outside the repository");
        }
        if (!Files.exists(resolved)) {
            return java.util.Optional.of("no such file or folder " + ROOT.relativize(resolved));
        }
        if (anchor == null || anchor.isEmpty() || !resolved.toString().endsWith(".md")) {
            return java.util.Optional.empty();
        }
        Set<String> anchors = anchorsByFile.computeIfAbsent(resolved, DocumentationLinksTests::anchors);
        String wanted = URLDecoder.decode(anchor, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
        return anchors.contains(wanted)
                ? java.util.Optional.empty()
                : java.util.Optional.of("no heading with the anchor #" + anchor + " in " + ROOT.relativize(resolved));
    }

    /** GitHub's anchors of a Markdown file's headings, with -1, -2, ... for repeated ones. */
    private static Set<String> anchors(Path file) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : read(file)) {
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (inFence || !heading.matches()) {
                continue;
            }
            String slug = slug(heading.group(2));
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }

    /**
     * GitHub's heading anchor: link syntax reduced to its text, lower case, everything but letters,
     * digits, spaces, hyphens and underscores removed, spaces turned into hyphens.
     */
    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
        StringBuilder slug = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
