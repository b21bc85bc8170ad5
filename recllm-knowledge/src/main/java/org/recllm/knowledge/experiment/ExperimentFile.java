package org.recllm.knowledge.experiment;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.recllm.core.io.BadInputException;

/**
 * A training run described in a YAML or JSON file, like FuxiCTR's experiment configs; every key is optional and the
 * command line overrides any of them:
 *
 * <pre>
 * samples: /data/u1
 * models: [deepfm, din]          # or one name
 * settings: {dnn.hidden: [200, 80], embedding.dim: 32}
 * seeds: 5
 * train: {epochs: 100, batch: 1024, lr: 0.001, patience: 2, schedule: cosine, warmup: 500,
 *         weight_decay: 0, embedding_decay: 0}
 * knowledge: {store: knowledge.db, encoder: minilm, model: gpt-4o-mini, types: [item, user],
 *             adaptor: hea, experts: [2, 2], expert_hidden: [128, 32]}
 * journal: runs.jsonl
 * </pre>
 *
 * Relative paths are taken from the working directory, as on the command line.
 */
public record ExperimentFile(String samples,
                             @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> models,
                             Map<String, JsonNode> settings, Integer seeds, Train train, Knowledge knowledge,
                             String journal) {

    /** Training settings; null where the file says nothing. */
    public record Train(Integer epochs, Integer batch, Float lr, Float weightDecay, Float embeddingDecay, Integer patience,
                        String schedule, Integer warmup) {}

    /** Knowledge settings; null where the file says nothing. */
    public record Knowledge(String store, String encoder, String model, List<String> types, String adaptor,
                            List<Integer> experts, List<Integer> expertHidden) {}

    public static final ExperimentFile EMPTY = new ExperimentFile(null, null, null, null, null, null, null);

    public ExperimentFile {
        settings = settings == null ? Map.of() : new LinkedHashMap<>(settings);
    }

    /** Reads a {@code .json} file as JSON and anything else as YAML; errors name the file, line and key. */
    public static ExperimentFile read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new BadInputException(file, "experiment file not found");
        }
        boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
        ObjectMapper mapper = (json ? JsonMapper.builder() : YAMLMapper.builder())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        try {
            ExperimentFile read = mapper.readValue(file.toFile(), ExperimentFile.class);
            return read == null ? EMPTY : read;
        } catch (UnrecognizedPropertyException e) {
            throw new BadInputException(file, line(e), e.getPropertyName(), "unknown key; expected one of "
                    + e.getKnownPropertyIds());
        } catch (JacksonException e) {
            throw new BadInputException(file, line(e), null, "not a valid experiment file: "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's train section, or one that says nothing. */
    public Train trainOrEmpty() {
        return train == null ? new Train(null, null, null, null, null, null, null, null) : train;
    }

    /** The file's knowledge section, or one that says nothing. */
    public Knowledge knowledgeOrEmpty() {
        return knowledge == null ? new Knowledge(null, null, null, null, null, null, null) : knowledge;
    }

    private static long line(JacksonException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }
}
