package org.recllm.llm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.recllm.llm.tokenizer.Message.assistant;
import static org.recllm.llm.tokenizer.Message.system;
import static org.recllm.llm.tokenizer.Message.user;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.recllm.llm.gguf.GgufMetadata;

class ChatTemplateTest {
    private static final List<Message> CHAT = List.of(system("Be brief."), user("Hi! "), assistant(" Hello."), user("Rate Up."));

    @Test
    void llama2() {
        assertEquals("[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nHi! [/INST] Hello. </s><s>[INST] Rate Up. [/INST]",
                ChatTemplate.LLAMA2.render(CHAT));
        assertEquals("[INST] Hi [/INST]", ChatTemplate.LLAMA2.render(List.of(user("Hi"))));
    }

    @Test
    void llama3() {
        assertEquals("<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nHi!<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
                        + "<|start_header_id|>user<|end_header_id|>\n\nRate Up.<|eot_id|>"
                        + "<|start_header_id|>assistant<|end_header_id|>\n\n",
                ChatTemplate.LLAMA3.render(CHAT));
    }

    @Test
    void chatMl() {
        assertEquals("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi! <|im_end|>\n"
                        + "<|im_start|>assistant\n Hello.<|im_end|>\n<|im_start|>user\nRate Up.<|im_end|>\n"
                        + "<|im_start|>assistant\n",
                ChatTemplate.CHATML.render(CHAT));
    }

    @Test
    void mistralPutsTheSystemMessageIntoTheFirstUserTurn() {
        assertEquals("[INST] Be brief.\n\nHi!  [/INST]  Hello.</s>[INST] Rate Up. [/INST]", ChatTemplate.MISTRAL.render(CHAT));
    }

    @Test
    void instStyleConversationsMustAlternateAndEndWithTheUser() {
        assertThrows(IllegalArgumentException.class, () -> ChatTemplate.MISTRAL.render(List.of(user("a"), user("b"))));
        assertThrows(IllegalArgumentException.class, () -> ChatTemplate.LLAMA2.render(List.of(user("a"), assistant("b"))));
        assertThrows(IllegalArgumentException.class, () -> ChatTemplate.LLAMA2.render(List.of(system("s"))));
        assertThrows(IllegalArgumentException.class, () -> new Message("tool", "x"));
    }

    @Test
    void chosenByTemplateMarkersThenArchitectureOrByName() {
        assertEquals(ChatTemplate.LLAMA3, fromGguf("llama", "{{ '<|start_header_id|>' + message['role'] }}"));
        assertEquals(ChatTemplate.CHATML, fromGguf("qwen2", "{{'<|im_start|>' + message['role'] + '\\n'}}"));
        assertEquals(ChatTemplate.LLAMA2, fromGguf("llama", "{{ bos_token + '[INST] <<SYS>>\\n' }}"));
        assertEquals(ChatTemplate.MISTRAL, fromGguf("llama", "{{ '[INST] ' + message['content'] + ' [/INST]' }}"));
        assertEquals(ChatTemplate.LLAMA2, fromGguf("llama", null));
        assertEquals(ChatTemplate.CHATML, fromGguf("qwen2", null));
        RuntimeException error = assertThrows(RuntimeException.class, () -> fromGguf("gemma", "<start_of_turn>"));
        assertTrue(error.getMessage().contains("'gemma'"), error.getMessage());
        assertEquals(ChatTemplate.CHATML, ChatTemplate.named("Qwen2"));
        assertEquals(ChatTemplate.MISTRAL, ChatTemplate.named("mistral"));
        assertThrows(IllegalArgumentException.class, () -> ChatTemplate.named("vicuna"));
    }

    @Test
    void renderedPromptTokenizesWithItsMarkers() {
        Tokenizer llama3 = Tokenizers.fromGguf(BpeFixture.metadata("llama-bpe"));
        int[] tokens = llama3.encodeWithSpecials(ChatTemplate.LLAMA3.render(List.of(user("hi"))));
        assertArrayEquals(BpeFixture.ids("<|start_header_id|>", "u", "s", "e", "r", "<|end_header_id|>", "Ċ", "Ċ", "h",
                "i", "<|eot_id|>", "<|start_header_id|>", "a", "s", "s", "i", "s", "t", "a", "n", "t", "<|end_header_id|>",
                "Ċ", "Ċ"), tokens);
    }

    private static ChatTemplate fromGguf(String architecture, String template) {
        Map<String, Object> values = new HashMap<>();
        values.put("general.architecture", architecture);
        if (template != null) {
            values.put("tokenizer.chat_template", template);
        }
        return ChatTemplate.fromGguf(GgufMetadata.of(values));
    }
}
