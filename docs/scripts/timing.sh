# Shared by the figure scripts: `timed NAME COMMAND…` runs a command with the load average and time before it and
# its wall time after, appending to $log; `cpu_header` writes the CPU model and vector extensions to $log.
timed() {
  local name="$1"
  shift
  echo "== $name | load $(cut -d' ' -f1-3 /proc/loadavg) | $(date -u +%H:%M:%S)" | tee -a "$log"
  local start end
  start=$(date +%s.%N)
  "$@" 2>&1 | grep -v WARN | tail -4 | tee -a "$log"
  end=$(date +%s.%N)
  echo "   wall $(echo "$end - $start" | bc) s" | tee -a "$log"
}
cpu_header() {
  grep -m1 'model name' /proc/cpuinfo | tee -a "$log"
  if grep -q avx512f /proc/cpuinfo; then
    echo "vector extensions: avx2 avx512f" | tee -a "$log"
  else
    echo "vector extensions: avx2" | tee -a "$log"
  fi
}
# Prints, for each store after the first, whether its columns equal the first's byte for byte (SHA-256 per column).
same_columns() {
  python3 - "$@" <<'PY' | tee -a "$log"
import json, sys, pathlib
def columns(store):
    store = pathlib.Path(store)
    gen = (store / "CURRENT").read_text().strip()
    manifest = json.loads((store / gen / "manifest.json").read_text())
    return {(s, c): e["sha256"] for s, split in manifest["splits"].items() for c, e in split["columns"].items()}
reference = columns(sys.argv[1])
for store in sys.argv[2:]:
    print(f"   {pathlib.Path(store).name}: {'identical to' if columns(store) == reference else 'DIFFERENT from'} "
          f"{pathlib.Path(sys.argv[1]).name} ({len(reference)} columns)")
PY
}
