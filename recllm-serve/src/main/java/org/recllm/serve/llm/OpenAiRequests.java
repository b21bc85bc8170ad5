package org.recllm.serve.llm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.recllm.llm.sampling.SamplerConfig;
import org.recllm.llm.tokenizer.Message;
import org.recllm.serve.BadRequestException;
import org.recllm.serve.JsonBodies;

/**
 * Reads OpenAI request bodies ({@code /v1/chat/completions}, {@code /v1/completions}, {@code /v1/embeddings}).
 * Unknown fields are ignored, as OpenAI-compatible servers do; a field this server cannot honour (more than one
 * choice, tools, penalties) is refused by name rather than silently dropped.
 */
public final class OpenAiRequests {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant");
    private static final int MAX_STOPS = 4;

    private OpenAiRequests() {}

    public static CompletionRequest chat(byte[] body) {
        JsonNode root = JsonBodies.object(body, "a JSON object");
        JsonNode list = root.get("messages");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw new BadRequestException("messages", "expected a non-empty list of {\"role\", \"content\"} objects");
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode message = list.get(i);
            String path = "messages[" + i + "]";
            String role = message.path("role").asText("");
            if (!ROLES.contains(role)) {
                throw new BadRequestException(path + ".role", "expected one of " + ROLES + ", got '" + role + "'");
            }
            messages.add(new Message(role.equals("developer") ? Message.SYSTEM : role, content(message.get("content"), path)));
        }
        if (root.has("tools") || root.has("functions")) {
            throw new BadRequestException("tools", "tool calls are not supported by this server");
        }
        return request(root, messages, null);
    }

    public static CompletionRequest completion(byte[] body) {
        JsonNode root = JsonBodies.object(body, "a JSON object");
        JsonNode prompt = root.get("prompt");
        String text;
        if (prompt != null && prompt.isTextual()) {
            text = prompt.asText();
        } else if (prompt != null && prompt.isArray() && prompt.size() == 1 && prompt.get(0).isTextual()) {
            text = prompt.get(0).asText();
        } else {
            throw new BadRequestException("prompt", "expected a string (or a list of exactly one string)");
        }
        if (text.isEmpty()) {
            throw new BadRequestException("prompt", "is empty");
        }
        return request(root, null, text);
    }

    /** The texts to embed: {@code input} as a string or a list of strings. */
    public static List<String> embeddingInputs(byte[] body) {
        JsonNode input = JsonBodies.object(body, "a JSON object").get("input");
        List<String> texts = new ArrayList<>();
        if (input != null && input.isTextual()) {
            texts.add(input.asText());
        } else if (input != null && input.isArray() && !input.isEmpty()) {
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isTextual()) {
                    throw new BadRequestException("input[" + i + "]", "expected a string (token arrays are not supported)");
                }
                texts.add(input.get(i).asText());
            }
        } else {
            throw new BadRequestException("input", "expected a string or a non-empty list of strings");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).isEmpty()) {
                throw new BadRequestException("input[" + i + "]", "is empty");
            }
        }
        return texts;
    }

    private static CompletionRequest request(JsonNode root, List<Message> messages, String prompt) {
        Integer maxTokens = null;
        for (String field : List.of("max_tokens", "max_completion_tokens")) {
            JsonNode value = root.get(field);
            if (value != null && !value.isNull()) {
                if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
                    throw new BadRequestException(field, "expected a whole number ≥ 1, got " + value);
                }
                maxTokens = value.asInt();
            }
        }
        JsonNode n = root.get("n");
        if (n != null && !n.isNull() && n.asInt(-1) != 1) {
            throw new BadRequestException("n", "only one choice per request is supported, got " + n);
        }
        for (String penalty : List.of("presence_penalty", "frequency_penalty")) {
            if (root.hasNonNull(penalty) && number(root, penalty, -2, 2, 0) != 0) {
                throw new BadRequestException(penalty, "is not supported by this server (leave it 0)");
            }
        }
        float temperature = (float) number(root, "temperature", 0, 2, 1);
        float topP = (float) number(root, "top_p", Double.MIN_VALUE, 1, 1);
        float minP = (float) number(root, "min_p", 0, 0.999999, 0);
        int topK = (int) number(root, "top_k", 0, 1 << 20, 0);
        long seed = root.hasNonNull("seed") ? wholeNumber(root, "seed") : System.nanoTime();
        SamplerConfig sampling = temperature == 0 ? SamplerConfig.greedy()
                : new SamplerConfig(temperature, topK, topP, minP, 1f, 64, seed);
        boolean stream = root.path("stream").asBoolean(false);
        boolean includeUsage = root.path("stream_options").path("include_usage").asBoolean(false);
        boolean ignoreEos = root.path("ignore_eos").asBoolean(false);
        String group = root.hasNonNull("user") ? root.get("user").asText() : null;
        return new CompletionRequest(messages, prompt, maxTokens, sampling, stops(root.get("stop")), ignoreEos, stream,
                includeUsage, group);
    }

    private static List<String> stops(JsonNode stop) {
        List<String> stops = new ArrayList<>();
        if (stop == null || stop.isNull()) {
            return stops;
        }
        if (stop.isTextual()) {
            stops.add(stop.asText());
        } else if (stop.isArray() && stop.size() <= MAX_STOPS) {
            for (int i = 0; i < stop.size(); i++) {
                if (!stop.get(i).isTextual()) {
                    throw new BadRequestException("stop[" + i + "]", "expected a string");
                }
                stops.add(stop.get(i).asText());
            }
        } else {
            throw new BadRequestException("stop", "expected a string or a list of at most " + MAX_STOPS + " strings");
        }
        if (stops.stream().anyMatch(String::isEmpty)) {
            throw new BadRequestException("stop", "holds an empty string");
        }
        return stops;
    }

    private static String content(JsonNode content, String path) {
        if (content != null && content.isTextual()) {
            return content.asText();
        }
        if (content != null && content.isArray()) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < content.size(); i++) {
                JsonNode part = content.get(i);
                if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                    throw new BadRequestException(path + ".content[" + i + "]", "only {\"type\": \"text\", \"text\": …} parts are supported");
                }
                text.append(part.get("text").asText());
            }
            return text.toString();
        }
        throw new BadRequestException(path + ".content", "expected a string or a list of text parts");
    }

    private static double number(JsonNode root, String field, double min, double max, double fallback) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw new BadRequestException(field, "expected a number from " + (min == Double.MIN_VALUE ? "above 0" : min)
                    + " to " + max + ", got " + value);
        }
        return value.asDouble();
    }

    private static long wholeNumber(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new BadRequestException(field, "expected a whole number, got " + value);
        }
        return value.asLong();
    }
}
