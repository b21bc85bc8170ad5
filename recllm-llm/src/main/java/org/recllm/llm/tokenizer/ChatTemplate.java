package org.recllm.llm.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.recllm.core.io.BadInputException;
import org.recllm.llm.gguf.GgufMetadata;

/**
 * The prompt formats of common chat models, written out instead of running the model's Jinja template. A rendered
 * prompt leaves out the leading BOS (the tokenizer adds it when {@link Tokenizer#addBos()} says so), ends with the
 * opening of the assistant's turn, and is meant for {@link Tokenizer#encodeWithSpecials}.
 */
public enum ChatTemplate {
    /**
     * Meta's Llama 2 chat: {@code [INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST] {answer} </s><s>[INST] ...},
     * turns trimmed as Meta's template does.
     */
    LLAMA2("llama2") {
        @Override
        public String render(List<Message> messages) {
            Instructions chat = Instructions.of(this, messages);
            StringBuilder prompt = new StringBuilder();
            for (int i = 0; i < chat.turns().size(); i++) {
                Message turn = chat.turns().get(i);
                if (turn.role().equals(Message.ASSISTANT)) {
                    prompt.append(' ').append(turn.content().strip()).append(" </s>");
                    continue;
                }
                String content = i == 0 && chat.system() != null
                        ? "<<SYS>>\n" + chat.system() + "\n<</SYS>>\n\n" + turn.content()
                        : turn.content();
                prompt.append(i == 0 ? "" : "<s>").append("[INST] ").append(content.strip()).append(" [/INST]");
            }
            return prompt.toString();
        }
    },
    /** Llama 3: {@code <|start_header_id|>{role}<|end_header_id|>\n\n{content}<|eot_id|>}, contents trimmed. */
    LLAMA3("llama3") {
        @Override
        public String render(List<Message> messages) {
            StringBuilder prompt = new StringBuilder();
            for (Message message : messages) {
                prompt.append(header(message.role())).append(message.content().strip()).append("<|eot_id|>");
            }
            return prompt.append(header(Message.ASSISTANT)).toString();
        }

        private static String header(String role) {
            return "<|start_header_id|>" + role + "<|end_header_id|>\n\n";
        }
    },
    /** ChatML, used by Qwen 2: {@code <|im_start|>{role}\n{content}<|im_end|>\n}. */
    CHATML("chatml", "qwen2") {
        @Override
        public String render(List<Message> messages) {
            StringBuilder prompt = new StringBuilder();
            for (Message message : messages) {
                prompt.append("<|im_start|>").append(message.role()).append('\n').append(message.content()).append("<|im_end|>\n");
            }
            return prompt.append("<|im_start|>assistant\n").toString();
        }
    },
    /**
     * Mistral Instruct: {@code [INST] {user} [/INST] {answer}</s>[INST] ...}. It has no system turn, so a system
     * message goes before the first user message, separated by a blank line.
     */
    MISTRAL("mistral") {
        @Override
        public String render(List<Message> messages) {
            Instructions chat = Instructions.of(this, messages);
            StringBuilder prompt = new StringBuilder();
            for (int i = 0; i < chat.turns().size(); i++) {
                Message turn = chat.turns().get(i);
                if (turn.role().equals(Message.ASSISTANT)) {
                    prompt.append(' ').append(turn.content()).append("</s>");
                } else {
                    String system = i == 0 && chat.system() != null ? chat.system() + "\n\n" : "";
                    prompt.append("[INST] ").append(system).append(turn.content()).append(" [/INST]");
                }
            }
            return prompt.toString();
        }
    };

    private static final String TEMPLATE = "tokenizer.chat_template";

    private final List<String> names;

    ChatTemplate(String... names) {
        this.names = List.of(names);
    }

    /** The prompt for {@code messages}, ending where the assistant's answer begins. */
    public abstract String render(List<Message> messages);

    /**
     * The format of a GGUF model: recognised by its markers in {@code tokenizer.chat_template}, else the usual one of
     * {@code general.architecture}.
     */
    public static ChatTemplate fromGguf(GgufMetadata metadata) {
        String template = metadata.string(TEMPLATE, "");
        if (template.contains("<|start_header_id|>")) {
            return LLAMA3;
        }
        if (template.contains("<|im_start|>")) {
            return CHATML;
        }
        if (template.contains("[INST]")) {
            return template.contains("<<SYS>>") ? LLAMA2 : MISTRAL;
        }
        String architecture = metadata.string("general.architecture", "");
        return switch (architecture) {
            // Llama models whose GGUF carries no template come from before chat templates: Llama 2 and its kin.
            case "llama" -> LLAMA2;
            case "qwen2", "qwen2moe", "qwen3", "qwen3moe" -> CHATML;
            default -> throw new BadInputException(Vocabulary.SOURCE, 0, TEMPLATE, "no known chat format in the template,"
                    + " and none is usual for general.architecture '" + architecture + "'; choose one by name: " + allNames());
        };
    }

    /** The template called {@code name} (case-insensitive): llama2, llama3, chatml or qwen2, mistral. */
    public static ChatTemplate named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        for (ChatTemplate template : values()) {
            if (template.names.contains(wanted)) {
                return template;
            }
        }
        throw new IllegalArgumentException("unknown chat template '" + name + "'; known: " + allNames());
    }

    private static List<String> allNames() {
        return Arrays.stream(values()).flatMap(template -> template.names.stream()).toList();
    }

    /**
     * An [INST]-style conversation: an optional leading system message, then user and assistant turns alternating
     * from a user turn to a user turn, since the prompt ends awaiting the assistant.
     */
    private record Instructions(String system, List<Message> turns) {
        static Instructions of(ChatTemplate template, List<Message> messages) {
            boolean hasSystem = !messages.isEmpty() && messages.getFirst().role().equals(Message.SYSTEM);
            List<Message> turns = messages.subList(hasSystem ? 1 : 0, messages.size());
            for (int i = 0; i < turns.size(); i++) {
                String expected = i % 2 == 0 ? Message.USER : Message.ASSISTANT;
                if (!turns.get(i).role().equals(expected)) {
                    throw new IllegalArgumentException(template + " needs an optional system message, then user and"
                            + " assistant turns alternating; message " + (hasSystem ? i + 1 : i) + " is "
                            + turns.get(i).role() + ", expected " + expected);
                }
            }
            if (turns.isEmpty() || turns.size() % 2 == 0) {
                throw new IllegalArgumentException(template + " needs the conversation to end with a user message");
            }
            return new Instructions(hasSystem ? messages.getFirst().content() : null, turns);
        }
    }
}
