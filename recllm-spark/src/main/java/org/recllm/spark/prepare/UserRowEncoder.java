package org.recllm.spark.prepare;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.recllm.data.dataset.Rating;
import org.recllm.data.protocol.UserHistories;
import org.recllm.data.samples.EncodedRow;
import org.recllm.data.samples.RowLayout;
import org.recllm.data.samples.SampleEncoder;
import org.recllm.data.schema.Vocabulary;
import scala.Tuple2;

/**
 * Encodes one partition's users on an executor with the local {@link SampleEncoder}: each user's samples with
 * histories from the user's own pool ratings, as fixed-size rows keyed by where they go in the store. Built once per
 * partition (vocabularies, layout), then user by user, so a partition never holds more than one user's rows.
 */
final class UserRowEncoder {
    private final DistributedProtocol protocol;
    private final SampleEncoder encoder;
    private final Map<String, Vocabulary> vocabularies;
    private final RowLayout layout;
    private final EncodedRow row;
    private final int historyLength;

    UserRowEncoder(DatasetMetadata metadata, int history, Map<String, Integer> multiHotWidths,
                   VocabularyShipment shipped, DistributedProtocol protocol) {
        this.protocol = protocol;
        this.encoder = metadata.encoder(history);
        this.vocabularies = shipped.vocabularies();
        this.layout = new RowLayout(encoder.schema(multiHotWidths));
        this.row = layout.newRow();
        this.historyLength = encoder.historyLength();
    }

    /** The rows of every user in {@code users} (samples and pool ratings per user), lazily user by user. */
    Iterator<Tuple2<SampleOrder, byte[]>> encode(Iterator<Tuple2<Integer, Tuple2<Iterable<SplitRating>, Iterable<Rating>>>> users) {
        return new Iterator<>() {
            private Iterator<Tuple2<SampleOrder, byte[]>> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && users.hasNext()) {
                    current = encodeUser(users.next()._2()).iterator();
                }
                return current.hasNext();
            }

            @Override
            public Tuple2<SampleOrder, byte[]> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private List<Tuple2<SampleOrder, byte[]>> encodeUser(Tuple2<Iterable<SplitRating>, Iterable<Rating>> user) {
        List<Rating> pool = new ArrayList<>();
        user._2().forEach(pool::add);
        UserHistories histories = UserHistories.of(pool);
        List<Tuple2<SampleOrder, byte[]>> rows = new ArrayList<>();
        for (SplitRating sample : user._1()) {
            Rating rating = sample.rating();
            encoder.encode(rating, histories.before(rating.userId(), rating.timestamp(), historyLength), vocabularies, row);
            byte[] bytes = new byte[layout.rowBytes()];
            row.write(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
            rows.add(new Tuple2<>(protocol.order(sample), bytes));
        }
        return rows;
    }
}
