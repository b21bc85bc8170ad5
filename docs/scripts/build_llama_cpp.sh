#!/usr/bin/env bash
# Builds the llama.cpp peer used for side-by-side figures (llm-engine.md, llm-training.md, serving.md) from a checkout:
#   docs/scripts/build_llama_cpp.sh /path/to/llama.cpp        # binaries in /path/to/llama.cpp/build/bin
# Native CPU flags (GGML_NATIVE), no network code (LLAMA_CURL off), only the tools the figures use. A checkout whose
# large model files are missing (a snapshot without LFS blobs) builds too: models/ is not needed.
set -euo pipefail
SRC="${1:?usage: build_llama_cpp.sh LLAMA_CPP_DIR}"
mkdir -p "$SRC/models"
cmake -S "$SRC" -B "$SRC/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DGGML_NATIVE=ON -DLLAMA_CURL=OFF -DLLAMA_BUILD_TESTS=OFF
ninja -C "$SRC/build" -j"$(nproc)" llama-simple llama-cli llama-bench llama-export-lora llama-lookup llama-server
git -C "$SRC" log -1 --format='built llama.cpp %h (%cd)' 2>/dev/null || true
