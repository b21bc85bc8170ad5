package org.recllm.serve.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.recllm.llm.tokenizer.Message;
import org.recllm.serve.BadRequestException;

class OpenAiRequestsTest {

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aChatRequestKeepsItsTurnsAndSettings() {
        CompletionRequest request = OpenAiRequests.chat(body("{\"model\": \"any\", \"messages\": ["
                + "{\"role\": \"developer\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": "
                + "[{\"type\": \"text\", \"text\": \"Hello \"}, {\"type\": \"text\", \"text\": \"there\"}]}], "
                + "\"max_completion_tokens\": 12, \"temperature\": 0.5, \"top_p\": 0.9, \"top_k\": 20, \"min_p\": 0.1, "
                + "\"seed\": 42, \"stop\": \"\\n\", \"ignore_eos\": true, \"stream\": true, "
                + "\"stream_options\": {\"include_usage\": true}, \"unknown_field\": 1}"));
        assertEquals(List.of(Message.system("Be brief."), new Message(Message.USER, "Hello there")), request.messages());
        assertEquals(12, request.maxTokens());
        assertEquals(0.5f, request.sampling().temperature());
        assertEquals(20, request.sampling().topK());
        assertEquals(0.9f, request.sampling().topP());
        assertEquals(0.1f, request.sampling().minP(), 1e-7f);
        assertEquals(42, request.sampling().seed());
        assertEquals(List.of("\n"), request.stops());
        assertTrue(request.ignoreEos() && request.stream() && request.includeUsage() && request.chat());
    }

    @Test
    void aTextRequestDefaultsToTheContextsRoomAndTemperatureZeroIsGreedy() {
        CompletionRequest request = OpenAiRequests.completion(body("{\"prompt\": [\"Once\"], \"temperature\": 0}"));
        assertEquals("Once", request.prompt());
        assertNull(request.maxTokens());
        assertTrue(request.sampling().isGreedy());
        assertFalse(request.chat() || request.stream() || request.ignoreEos());
        assertEquals(1f, OpenAiRequests.completion(body("{\"prompt\": \"x\"}")).sampling().temperature(), "OpenAI's default");
    }

    @Test
    void refusalsNameTheField() {
        assertEquals("prompt", field(() -> OpenAiRequests.completion(body("{\"prompt\": [\"a\", \"b\"]}"))));
        assertEquals("max_tokens", field(() -> OpenAiRequests.completion(body("{\"prompt\": \"a\", \"max_tokens\": 0}"))));
        assertEquals("top_p", field(() -> OpenAiRequests.completion(body("{\"prompt\": \"a\", \"top_p\": 0}"))));
        assertEquals("stop", field(() -> OpenAiRequests.completion(body("{\"prompt\": \"a\", \"stop\": [\"1\", \"2\", \"3\", \"4\", \"5\"]}"))));
        assertEquals("frequency_penalty", field(() -> OpenAiRequests.completion(body("{\"prompt\": \"a\", \"frequency_penalty\": 0.5}"))));
        assertEquals("seed", field(() -> OpenAiRequests.completion(body("{\"prompt\": \"a\", \"seed\": 1.5}"))));
        assertEquals("tools", field(() -> OpenAiRequests.chat(body("{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"tools\": []}"))));
        assertEquals("messages[0].content", field(() -> OpenAiRequests.chat(body("{\"messages\": [{\"role\": \"user\"}]}"))));
        assertEquals("input[1]", field(() -> OpenAiRequests.embeddingInputs(body("{\"input\": [\"a\", 3]}"))));
    }

    private static String field(Runnable parse) {
        return assertThrows(BadRequestException.class, parse::run).field();
    }
}
