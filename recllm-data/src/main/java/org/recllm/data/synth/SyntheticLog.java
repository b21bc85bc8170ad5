package org.recllm.data.synth;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.recllm.core.io.AtomicFiles;

/**
 * An interaction log of any size in ML-100K's format ({@code u.genre}, {@code u.user}, {@code u.item}, {@code u.data}),
 * for scaling runs of the preparation and scoring jobs: users with demographics, items with a release year and one
 * to three genres, Zipf-distributed user activity (exponent 0.8) and item popularity (1.0), a star rating that
 * depends on a hidden user-genre affinity plus noise, and one rating per second from 1998-01-01, so no rating repeats
 * another's user, item and time. The same arguments write the same files.
 */
public final class SyntheticLog {
    static final List<String> GENRES = List.of("unknown", "Action", "Adventure", "Animation", "Children's", "Comedy",
            "Crime", "Documentary", "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
            "Thriller", "War", "Western");
    private static final List<String> OCCUPATIONS = List.of("administrator", "artist", "doctor", "educator", "engineer",
            "entertainment", "executive", "healthcare", "homemaker", "lawyer", "librarian", "marketing", "none", "other",
            "programmer", "retired", "salesman", "scientist", "student", "technician", "writer");
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final long START = 883_612_800L;

    private final int users;
    private final int items;
    private final long ratings;
    private final long seed;

    public SyntheticLog(int users, int items, long ratings, long seed) {
        if (users < 1 || items < 1 || ratings < 1) {
            throw new IllegalArgumentException("a log needs users, items and ratings; got " + users + ", " + items + ", " + ratings);
        }
        this.users = users;
        this.items = items;
        this.ratings = ratings;
        this.seed = seed;
    }

    /** Writes the four files into {@code dir}, each atomically. */
    public void write(Path dir) {
        SplittableRandom random = new SplittableRandom(seed);
        int[][] itemGenres = new int[items][];
        float[][] affinity = new float[users][GENRES.size()];
        AtomicFiles.write(dir.resolve("u.genre"), out -> {
            for (int g = 0; g < GENRES.size(); g++) {
                line(out, GENRES.get(g) + "|" + g);
            }
        });
        AtomicFiles.write(dir.resolve("u.user"), out -> {
            for (int u = 0; u < users; u++) {
                for (int g = 0; g < GENRES.size(); g++) {
                    affinity[u][g] = (float) random.nextGaussian();
                }
                line(out, (u + 1) + "|" + (15 + random.nextInt(60)) + "|" + (random.nextBoolean() ? "M" : "F") + "|"
                        + OCCUPATIONS.get(random.nextInt(OCCUPATIONS.size())) + "|"
                        + String.format(Locale.ROOT, "%05d", random.nextInt(100_000)));
            }
        });
        AtomicFiles.write(dir.resolve("u.item"), out -> {
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < items; i++) {
                int year = 1930 + random.nextInt(68);
                int count = 1 + random.nextInt(3);
                itemGenres[i] = new int[count];
                boolean[] flags = new boolean[GENRES.size()];
                for (int k = 0; k < count; k++) {
                    itemGenres[i][k] = 1 + random.nextInt(GENRES.size() - 1);
                    flags[itemGenres[i][k]] = true;
                }
                row.setLength(0);
                row.append(i + 1).append("|Item ").append(i + 1).append(" (").append(year).append(")|")
                        .append(String.format(Locale.ROOT, "%02d-%s-%d", 1 + random.nextInt(28), MONTHS[random.nextInt(12)], year))
                        .append("||");
                for (boolean flag : flags) {
                    row.append('|').append(flag ? 1 : 0);
                }
                line(out, row.toString());
            }
        });
        ZipfSampler activeUsers = new ZipfSampler(users, 0.8);
        ZipfSampler popularItems = new ZipfSampler(items, 1.0);
        AtomicFiles.write(dir.resolve("u.data"), out -> {
            StringBuilder row = new StringBuilder();
            byte[] bytes = new byte[64];
            for (long r = 0; r < ratings; r++) {
                int user = activeUsers.sample(random);
                int item = popularItems.sample(random);
                float taste = 0;
                for (int genre : itemGenres[item]) {
                    taste += affinity[user][genre];
                }
                int stars = (int) Math.max(1, Math.min(5, Math.round(3.2 + 0.8 * taste / itemGenres[item].length
                        + random.nextGaussian())));
                row.setLength(0);
                row.append(user + 1).append('\t').append(item + 1).append('\t').append(stars).append('\t').append(START + r)
                        .append('\n');
                int length = row.length();
                for (int c = 0; c < length; c++) {
                    bytes[c] = (byte) row.charAt(c);
                }
                out.write(bytes, 0, length);
            }
        });
    }

    private static void line(OutputStream out, String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.ISO_8859_1));
    }
}
