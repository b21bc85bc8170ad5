package org.recllm.data.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.recllm.data.dataset.Item;
import org.recllm.data.dataset.MovieLens100k;
import org.recllm.data.dataset.MovieLensLatest;
import org.recllm.data.dataset.Rating;
import org.recllm.data.dataset.RatingDataset;
import org.recllm.data.dataset.User;
import org.recllm.data.protocol.Ml100kU1Protocol;
import org.recllm.data.protocol.Split;
import org.recllm.data.schema.FieldKind;
import org.recllm.data.schema.FieldSpec;
import org.recllm.data.schema.Vocabulary;
import org.recllm.data.store.Column;
import org.recllm.data.store.SampleSet;
import org.recllm.data.store.SplitColumns;
import org.recllm.data.testing.Fixtures;

/** The benchmark's MovieLens fields: buckets, which fields exist, and how a sample's fields decode. */
class MovieLensFeaturesTest {

    @ParameterizedTest
    @CsvSource({"1,<18", "17,<18", "18,18-24", "24,18-24", "25,25-34", "34,25-34", "35,35-44", "44,35-44",
            "45,45-49", "49,45-49", "50,50-55", "55,50-55", "56,56+", "73,56+"})
    void ageBuckets(int age, String bucket) {
        assertEquals(bucket, MovieLensFeatures.ageBucket(new User(1, "F", age, "other", "1")));
    }

    @Test
    void missingAgeAndYearAreUnknown() {
        assertEquals("unknown", MovieLensFeatures.ageBucket(User.anonymous(1)));
        assertEquals("unknown", MovieLensFeatures.yearBucket(null));
    }

    @ParameterizedTest
    @CsvSource({"1995,1995", "1999,1995", "1994,1990", "1942,1940", "2000,2000"})
    void fiveYearReleaseBuckets(int year, String bucket) {
        assertEquals(bucket, MovieLensFeatures.yearBucket(year));
    }

    @Test
    void zipCodesGiveTheirFirstDigitOrOther() {
        assertEquals("8", MovieLensFeatures.zipDigit("85711"));
        assertEquals("0", MovieLensFeatures.zipDigit("02139"));
        assertEquals("other", MovieLensFeatures.zipDigit("T8H1N"));
        assertEquals("other", MovieLensFeatures.zipDigit(""));
        assertEquals("other", MovieLensFeatures.zipDigit(null));
    }

    @Test
    void demographicFieldsExistOnlyWhereTheDatasetHasThem() {
        RatingDataset ml100k = MovieLens100k.read(Fixtures.resource(Fixtures.ML_100K));
        FeatureSet full = MovieLensFeatures.of(ml100k, 20);
        assertEquals(List.of("user_id", "gender", "age", "occupation", "zip", "item_id", "year", "genres"),
                full.features().stream().map(Feature::name).toList());
        assertEquals(List.of("hist_item", "hist_genre", "hist_label"),
                full.history().orElseThrow().elements().stream().map(e -> e.name()).toList());
        assertEquals(20, full.history().orElseThrow().length());

        RatingDataset latest = MovieLensLatest.read(Fixtures.resource(Fixtures.ML_LATEST));
        FeatureSet bare = MovieLensFeatures.of(latest, 0);
        assertEquals(List.of("user_id", "item_id", "year", "genres"), bare.features().stream().map(Feature::name).toList());
        assertEquals(Optional.empty(), bare.history());
    }

    @Test
    void aHistoryElementNeedsAVocabularyThatARowFeatureDefines() {
        var element = new HistorySpec.Element("hist_tag", "tags", null, c -> "x");
        var e = assertThrows(IllegalArgumentException.class, () -> new FeatureSet(List.of(), Optional.of(
                new HistorySpec("history", 5, List.of(element)))));
        assertEquals(true, e.getMessage().contains("hist_tag uses vocabulary tags"), e.getMessage());
    }

    @Test
    void everyTrainingRowOfTheFixtureDecodesToItsUserAndItem() {
        RatingDataset dataset = MovieLens100k.read(Fixtures.resource(Fixtures.ML_100K));
        var plan = new Ml100kU1Protocol().split(dataset);
        SampleSet samples = new SampleEncoder(dataset, MovieLensFeatures.of(dataset, 4)).encode(plan);
        SplitColumns train = samples.splits().get(Split.TRAIN);
        assertEquals(plan.train().size(), train.rows());
        for (int row = 0; row < train.rows(); row++) {
            Rating rating = plan.train().get(row);
            User user = dataset.user(rating.userId());
            Item item = dataset.item(rating.itemId());
            List<String> expected = List.of(Integer.toString(user.id()), user.gender(), MovieLensFeatures.ageBucket(user),
                    user.occupation(), MovieLensFeatures.zipDigit(user.zipCode()), Integer.toString(item.id()),
                    MovieLensFeatures.yearBucket(item.year()));
            List<String> decoded = new ArrayList<>();
            for (FieldSpec field : samples.schema().ofKind(FieldKind.CATEGORICAL)) {
                decoded.add(decode(samples, train, field, row).getFirst());
            }
            assertEquals(expected, decoded, "row " + row);
            assertEquals(item.genres(), decode(samples, train, samples.schema().field("genres"), row));
        }
        assertEquals("Misérables, Les (1995)", dataset.item(2).title());
    }

    private static List<String> decode(SampleSet samples, SplitColumns split, FieldSpec field, int row) {
        Vocabulary vocabulary = samples.vocabularies().get(field.vocabulary());
        int[] values = ((Column.Ints) split.column(field.name())).values();
        List<String> decoded = new ArrayList<>();
        for (int j = 0; j < field.width(); j++) {
            int id = values[row * field.width() + j];
            if (id != Vocabulary.PADDING) {
                decoded.add(vocabulary.value(id));
            }
        }
        return decoded;
    }
}
