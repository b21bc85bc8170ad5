package org.recllm.knowledge.prompt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Three users and 40 movies in ML-100K's file format, small enough to work out every prompt by hand:
 * <ul>
 *   <li>user 1 (F, 24, writer) rates items 1–12 in u1.base at T+1000+100·i with stars 5 4 1 2 5 3 4 5 2 1 4 5, and
 *   items 13, 14 in u1.test;</li>
 *   <li>user 2 (M, 40, none) rates items 1–40 in u1.base at T+i with stars (i mod 5) + 1, all before user 1;</li>
 *   <li>user 3 (F, 15, student) rates items 20–22 in u1.base and 23 in u1.test, after everyone else.</li>
 * </ul>
 * Item 1 is "Toy Story (1995)"; item i > 1 is "Film i (1960+i)".
 */
final class PromptFixture {
    static final long T = 880_000_000L;
    static final int[] USER_1_STARS = {5, 4, 1, 2, 5, 3, 4, 5, 2, 1, 4, 5};

    private PromptFixture() {}

    static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        String[] genres = {"unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
                "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War",
                "Western"};
        List<String> genreLines = new ArrayList<>();
        for (int g = 0; g < genres.length; g++) {
            genreLines.add(genres[g] + "|" + g);
        }
        Files.write(dir.resolve("u.genre"), genreLines, StandardCharsets.ISO_8859_1);
        List<String> items = new ArrayList<>();
        items.add("1|Toy Story (1995)|01-Jan-1995||http://example.org/1|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0");
        for (int i = 2; i <= 40; i++) {
            items.add(i + "|Film " + i + " (" + (1960 + i) + ")|01-Jan-" + (1960 + i) + "||http://example.org/" + i
                    + "|0|0|0|0|0|0|0|0|1|0|0|0|0|0|0|0|0|0|0");
        }
        Files.write(dir.resolve("u.item"), items, StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("u.user"), List.of("1|24|F|writer|55105", "2|40|M|none|10001", "3|15|F|student|20001"),
                StandardCharsets.ISO_8859_1);
        List<String> base = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            base.add(rating(1, i, USER_1_STARS[i - 1], T + 1000 + 100L * i));
        }
        test.add(rating(1, 13, 4, T + 2300));
        test.add(rating(1, 14, 2, T + 2400));
        for (int i = 1; i <= 40; i++) {
            base.add(rating(2, i, i % 5 + 1, T + i));
        }
        for (int i = 20; i <= 22; i++) {
            base.add(rating(3, i, 4, T + 5000 + i));
        }
        test.add(rating(3, 23, 3, T + 5100));
        Files.write(dir.resolve("u1.base"), base, StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("u1.test"), test, StandardCharsets.ISO_8859_1);
        List<String> all = new ArrayList<>(base);
        all.addAll(test);
        Files.write(dir.resolve("u.data"), all, StandardCharsets.ISO_8859_1);
        return dir;
    }

    private static String rating(int user, int item, int stars, long time) {
        return user + "\t" + item + "\t" + stars + "\t" + time;
    }
}
