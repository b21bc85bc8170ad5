#!/bin/bash
# What every figure has to name: the CPU and its vector extensions, the BLAS PyTorch uses, the JDK, PyTorch and the
# RecLLM commit. Sourced by the side-by-side scripts; `machine_info` prints it.
blas_library() {
  update-alternatives --query libblas.so.3-x86_64-linux-gnu 2>/dev/null | sed -n 's/^Value: //p'
}

# The kernel set OpenBLAS picked for this CPU (OPENBLAS_CORETYPE overrides it): a DYNAMIC_ARCH build older than the
# CPU falls back to an older set, such as 0.3.21's AVX2 Haswell kernels on a Zen 5 with AVX-512.
openblas_core() {
  local dir
  dir=$(dirname "$(readlink -f "$(blas_library)")")
  /usr/bin/python3 -c "import ctypes, sys
lib = ctypes.CDLL(sys.argv[1] + '/libopenblas.so.0')
lib.openblas_get_corename.restype = ctypes.c_char_p
print(lib.openblas_get_corename().decode())" "$dir" 2>/dev/null || echo "unknown"
}

machine_info() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' ') model $(grep -m1 '^model\s' /proc/cpuinfo | cut -d: -f2 | tr -d ' '), $(nproc) vCPUs"
  echo "vector extensions: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|fma|f16c)' | sort -u | tr '\n' ' ')"
  echo "blas: $(blas_library) (OpenBLAS kernels: $(openblas_core))"
  echo "java: $(java -version 2>&1 | head -1)"
  echo "torch: $(/usr/bin/python3 -c 'import torch; print(torch.__version__)' 2>/dev/null || echo 'not installed')"
  echo "recllm: $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo ' + uncommitted changes')"
}

# Refuses Debian's reference BLAS, which `python3-torch` alone installs (2–4 GFLOP/s):
# `apt-get install libopenblas0-pthread` switches the libblas.so.3 alternative.
require_openblas() {
  local blas
  blas=$(blas_library)
  case "$blas" in
    *openblas*) ;;
    *) echo "error: libblas.so.3 is '$blas', not OpenBLAS: PyTorch would run the reference BLAS" >&2; return 1 ;;
  esac
}
