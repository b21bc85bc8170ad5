package org.recllm.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small dataset in ML-100K's exact file format (with a u1 split), so end-to-end commands run in seconds: 60 users,
 * 30 movies, each user rating 20 movies, liking those of the genre their id points at.
 */
final class TinyMovieLens {
    private static final String[] GENRES = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime",
            "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
            "War", "Western"};

    private TinyMovieLens() {}

    /** The dataset written to DIR/data and prepared (ML100K-U1, plus {@code options}) into DIR/samples; returns the samples. */
    static Path prepared(Path dir, String... options) throws IOException {
        Path data = write(dir.resolve("data"));
        Path samples = dir.resolve("samples");
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("data", "prepare", "--data", data.toString(),
                "--out", samples.toString()));
        args.addAll(java.util.List.of(options));
        CliRun prepared = CliRun.of(args.toArray(String[]::new));
        if (prepared.exitCode() != 0) {
            throw new IllegalStateException("data prepare failed: " + prepared.err());
        }
        return samples;
    }

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        List<String> genres = new ArrayList<>();
        for (int g = 0; g < GENRES.length; g++) {
            genres.add(GENRES[g] + "|" + g);
        }
        Files.write(dir.resolve("u.genre"), genres, StandardCharsets.ISO_8859_1);
        List<String> items = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            StringBuilder flags = new StringBuilder();
            for (int g = 0; g < GENRES.length; g++) {
                flags.append('|').append(g == 1 + i % 4 ? 1 : 0);
            }
            items.add(i + "|Movie " + i + " (" + (1960 + i) + ")|01-Jan-" + (1960 + i) + "||http://example.org/" + i + flags);
        }
        Files.write(dir.resolve("u.item"), items, StandardCharsets.ISO_8859_1);
        List<String> users = new ArrayList<>();
        for (int u = 1; u <= 60; u++) {
            users.add(u + "|" + (18 + u % 40) + "|" + (u % 2 == 0 ? "M" : "F") + "|student|" + (10000 + u));
        }
        Files.write(dir.resolve("u.user"), users, StandardCharsets.ISO_8859_1);
        SplittableRandom random = new SplittableRandom(1);
        List<String> base = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int u = 1; u <= 60; u++) {
            for (int r = 0; r < 20; r++) {
                int item = 1 + random.nextInt(30);
                boolean liked = item % 4 == u % 4;
                int stars = liked ? 4 + random.nextInt(2) : 1 + random.nextInt(3);
                String line = u + "\t" + item + "\t" + stars + "\t" + (880_000_000L + 1000L * r + u);
                (r % 5 == 4 ? test : base).add(line);
            }
        }
        Files.write(dir.resolve("u1.base"), base, StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("u1.test"), test, StandardCharsets.ISO_8859_1);
        List<String> all = new ArrayList<>(base);
        all.addAll(test);
        Files.write(dir.resolve("u.data"), all, StandardCharsets.ISO_8859_1);
        return dir;
    }
}
