package org.recllm.knowledge.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KarReportTest {

    /** A side whose user buckets hold the item buckets reversed, so the two breakdowns differ. */
    private static KarReport.Side side(double[] auc, double[][] byPopularity) {
        double mean = (auc[0] + auc[1] + auc[2]) / 3;
        double[][] byUser = new double[byPopularity.length][];
        for (int s = 0; s < byPopularity.length; s++) {
            byUser[s] = new double[] {byPopularity[s][1], byPopularity[s][0]};
        }
        return new KarReport.Side(auc, new double[] {0.55, 0.55, 0.55}, mean, 0.001, 0.55, 0, new int[] {3, 4, 5},
                means(byPopularity), byPopularity, means(byUser), byUser);
    }

    private static double[] means(double[][] perSeed) {
        double[] bucketMeans = new double[perSeed[0].length];
        for (double[] seed : perSeed) {
            for (int b = 0; b < seed.length; b++) {
                bucketMeans[b] += seed[b] / perSeed.length;
            }
        }
        return bucketMeans;
    }

    @Test
    void bucketGainsArePairedBySeed() {
        KarReport.Side without = side(new double[] {0.780, 0.782, 0.784}, new double[][] {{0.70, 0.80}, {0.72, 0.80}, {0.74, 0.80}});
        // Seed by seed the first bucket gains 0.01, 0.02, 0.03 although the with-side's spread (0.02) is as large as
        // the without-side's: pairing removes what both sides share.
        KarReport.Side with = side(new double[] {0.785, 0.786, 0.790}, new double[][] {{0.71, 0.79}, {0.74, 0.79}, {0.77, 0.79}});
        KarReport.Run run = KarReport.Run.of("deepfm", without, with);
        assertEquals(0.02, run.gainByPopularity()[0], 1e-12);
        assertEquals(0.01, run.gainByPopularityStd()[0], 1e-12);
        assertEquals(-0.01, run.gainByPopularity()[1], 1e-12);
        assertEquals(0.0, run.gainByPopularityStd()[1], 1e-12);
        assertEquals((0.785 + 0.786 + 0.790 - 0.780 - 0.782 - 0.784) / 3, run.gainAuc(), 1e-12);

        KarReport report = new KarReport("ml100k-u1", "/tmp/u1", "test", org.recllm.ctr.train.TrainConfig.defaults(), 1, List.of(run), List.of("<10", "≥10"), new int[] {772, 19228}, new int[] {310, 19690});
        String table = report.popularityTable().render();
        assertTrue(table.contains("0.7200 → 0.7400 (+0.0200 ± 0.0100)"), table);
        assertTrue(table.contains("<10 (772 rows)"), table);
        assertArrayEquals(new double[] {0.72, 0.80}, without.aucByPopularity(), 1e-12);
        assertEquals(-0.01, run.gainByUserActivity()[0], 1e-12, "user buckets are paired by seed on their own");
        assertEquals(0.02, run.gainByUserActivity()[1], 1e-12);
        assertEquals(0.01, run.gainByUserActivityStd()[1], 1e-12);
        String users = report.userActivityTable().render();
        assertTrue(users.contains("user <10 (310 rows)") && users.contains("0.7200 → 0.7400 (+0.0200 ± 0.0100)"), users);
    }
}
