#!/usr/bin/env bash
# Records llama.cpp's greedy continuations on RecLLM's random `small` models, the reference of LlamaCppParityTest
# (recllm-llm), from a llama.cpp built with docs/scripts/build_llama_cpp.sh:
#   docs/scripts/llama-cpp-parity.sh /path/to/llama.cpp > recllm-llm/src/test/resources/llama-cpp-greedy.tsv
# One line per model type and prompt: type, SHA-256 of the model file (the test checks that the writer still makes
# the very file), prompt, and the bytes llama-cli printed after the prompt (the generated token pieces) in hex.
# llama-cli runs greedy with its KV cache in F32, as RecLLM keeps it: with llama.cpp's default F16 cache the rounding
# of keys and values alone changes the greedy path of these random models (see docs/figures/llm-engine.md).
# Written for llama.cpp c392e50 (build_llama_cpp.sh's checkout); later versions renamed llama-cli's -no-cnv mode.
set -euo pipefail
SRC="${1:?usage: llama-cpp-parity.sh LLAMA_CPP_DIR}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
echo "# llama.cpp $(git -C "$SRC" log -1 --format=%h 2>/dev/null || echo '(no git)'), llama-cli -n 24 --temp 0 -ctk f32 -ctv f32, on \`recllm llm random-model --preset small --seed 7 --type TYPE\`"
printf '# type\tsha256\tprompt\tcontinuation (hex)\n'
for type in Q8_0 Q4_0 Q4_K Q6_K F32; do
  "$ROOT/recllm" llm random-model --preset small --seed 7 --type "$type" --out "$WORK/$type.gguf" > /dev/null
  sha=$(sha256sum "$WORK/$type.gguf" | cut -d' ' -f1)
  for prompt in "Once upon a time" "The little dog" "Lily and Ben went to the park"; do
    "$SRC/build/bin/llama-cli" -m "$WORK/$type.gguf" -p "$prompt" -n 24 --temp 0 -ctk f32 -ctv f32 -no-cnv --no-warmup \
      -t 1 2> /dev/null < /dev/null > "$WORK/out"
    hex=$(python3 -c '
import sys
out = open(sys.argv[1], "rb").read()
prompt = sys.argv[2].encode()
start = out.index(prompt) + len(prompt)  # after the echoed prompt
out = out.removesuffix(b"\n\n")  # llama-cli ends with two newlines of its own
out = out.removesuffix(b" [end of text]\n")  # and says so when the model ended the text
print(out[start:].hex())' "$WORK/out" "$prompt")
    printf '%s\t%s\t%s\t%s\n' "$type" "$sha" "$prompt" "$hex"
  done
done
