"""Training and scoring samples/s of a FuxiCTR model on a `recllm data export` folder: the peer side of
`recllm bench ctr`, with the same model settings, batch size, optimiser and timing rules.

FuxiCTR runs from a source checkout (FUXICTR_SRC holds fuxictr/ and model_zoo/); its preprocessing needs polars,
which Debian does not package, so this driver encodes the export itself the way FuxiCTR's tokenizer would (0 is
padding, every id shifted by one, sequences padded to max_len) and writes the .npz that FuxiCTR's own NpzDataLoader
reads. Training is FuxiCTR's BaseModel.train_step (forward, loss, backward, gradient clipping at 10, dense Adam over
every parameter) over full batches from that loader's dataset and collator, in this process (num_workers 0, as
`recllm bench ctr` fills its batches on the training thread). `bench ctr` steps with lazy Adam on the embedding rows a
batch touches and no clipping; those are the two libraries' own training steps, not a difference in the network.

usage: /usr/bin/python3 fuxictr_bench.py --fuxictr FUXICTR_SRC --export DIR --model deepfm|dcnv2|din|autoint
           --batch N [--seconds S] [--threads T] [--cache DIR] [--out FILE.json]
"""
import argparse
import json
import os
import sys
import time
from collections import OrderedDict

import numpy as np
import pandas as pd
import torch
import yaml

# The same settings as recllm's ModelZoo defaults (embedding 16, FuxiCTR's initialisation), so both sides train
# the same network.
MODELS = {
    "deepfm": ("DeepFM/DeepFM_torch", "DeepFM", dict(
        hidden_units=[400, 400, 400], hidden_activations="relu", net_dropout=0.2, batch_norm=False)),
    "dcnv2": ("DCNv2", "DCNv2", dict(
        model_structure="parallel", use_low_rank_mixture=False, parallel_dnn_hidden_units=[400, 400, 400],
        stacked_dnn_hidden_units=[], dnn_activations="relu", num_cross_layers=3, net_dropout=0.2, batch_norm=False)),
    "din": ("DIN", "DIN", dict(
        dnn_hidden_units=[512, 128, 64], dnn_activations="relu", net_dropout=0.1, batch_norm=False,
        attention_hidden_units=[64], attention_hidden_activations="Dice", attention_output_activation=None,
        attention_dropout=0, din_use_softmax=False)),
    "autoint": ("AutoInt", "AutoInt", dict(
        dnn_hidden_units=[], attention_layers=2, num_heads=2, attention_dim=40, use_residual=True, use_scale=True,
        use_wide=False, layer_norm=False, net_dropout=0, batch_norm=False)),
}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--fuxictr", required=True, help="FuxiCTR source checkout (holds fuxictr/ and model_zoo/)")
    p.add_argument("--export", required=True, help="folder written by `recllm data export`")
    p.add_argument("--model", required=True, choices=sorted(MODELS))
    p.add_argument("--batch", type=int, default=4096)
    p.add_argument("--seconds", type=float, default=10)
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    p.add_argument("--cache", help="folder for the encoded .npz and feature map (default: EXPORT/fuxictr-cache)")
    p.add_argument("--din-target", default=None,
                   help="DIN target fields, comma-separated (default: the fields the history fields share)")
    p.add_argument("--out", help="write the result here as JSON")
    return p.parse_args()


def column_specs(export):
    """The feature columns of the export's FuxiCTR dataset config, one dict per column, in CSV order."""
    path = os.path.join(export, "fuxictr_dataset_config.yaml")
    try:
        with open(path, encoding="utf-8") as f:
            config = next(iter(yaml.safe_load(f).values()))
        specs = OrderedDict()
        for col in config["feature_cols"]:
            names = col["name"] if isinstance(col["name"], list) else [col["name"]]
            for name in names:
                specs[name] = {k: v for k, v in col.items() if k != "name"}
        return specs, config["label_col"]["name"]
    except (OSError, KeyError, TypeError, StopIteration) as e:
        sys.exit(f"{path}: not a FuxiCTR dataset config written by `recllm data export` ({e!r})")


def encode(export, cache):
    """Encodes train.csv once into cache/train.npz and cache/feature_map.json; later runs reuse them."""
    npz = os.path.join(cache, "train.npz")
    fmap = os.path.join(cache, "feature_map.json")
    csv = os.path.join(export, "train.csv")
    if os.path.exists(npz) and os.path.exists(fmap) and os.path.getmtime(npz) >= os.path.getmtime(csv):
        return npz, fmap
    specs, label = column_specs(export)
    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    missing = [name for name in list(specs) + [label] if name not in frame.columns]
    if missing:
        sys.exit(f"{csv}: columns {missing} of the dataset config are missing (header: {list(frame.columns)})")
    arrays, features = {}, OrderedDict()
    for name, spec in specs.items():
        values = frame[name]
        if spec["type"] == "numeric":
            arrays[name] = pd.to_numeric(values, errors="raise").to_numpy(np.float32)
            features[name] = {"source": "", "type": "numeric"}
        elif spec["type"] == "categorical":
            arrays[name] = values.astype(np.int64).to_numpy() + 1
            features[name] = {"source": "", "type": "categorical", "padding_idx": 0}
        elif spec["type"] == "sequence":
            max_len, pre = int(spec["max_len"]), spec.get("padding", "pre") == "pre"
            matrix = np.zeros((len(values), max_len), dtype=np.int64)
            for row, text in enumerate(values):
                if text:
                    ids = np.fromstring(text.replace(spec.get("splitter", "^"), " "), dtype=np.int64, sep=" ") + 1
                    ids = ids[-max_len:] if pre else ids[:max_len]
                    if pre:
                        matrix[row, max_len - len(ids):] = ids
                    else:
                        matrix[row, :len(ids)] = ids
            arrays[name] = matrix
            features[name] = {"source": "", "type": "sequence", "padding_idx": 0, "max_len": max_len,
                              "feature_encoder": "layers.MaskedAveragePooling()"}
            if "share_embedding" in spec:
                features[name]["share_embedding"] = spec["share_embedding"]
        else:
            sys.exit(f"{export}: column {name} has type {spec['type']}; expected numeric, categorical or sequence")
    # FuxiCTR's vocabularies: padding 0, the ids, one out-of-vocabulary slot; shared tables cover all their users.
    for name, spec in features.items():
        if spec["type"] != "numeric":
            owner = spec.get("share_embedding", name)
            features[owner]["vocab_size"] = max(features[owner].get("vocab_size", 0), int(arrays[name].max()) + 2)
    for name, spec in features.items():
        if "share_embedding" in spec:
            spec["vocab_size"] = features[spec["share_embedding"]]["vocab_size"]
    arrays[label] = frame[label].astype(np.float32).to_numpy()
    os.makedirs(cache, exist_ok=True)
    np.savez(npz + ".tmp.npz", **arrays)
    os.replace(npz + ".tmp.npz", npz)
    with open(fmap + ".tmp", "w", encoding="utf-8") as f:
        json.dump({"dataset_id": "recllm_export", "labels": [label],
                   "features": [{k: v} for k, v in features.items()]}, f, indent=1)
    os.replace(fmap + ".tmp", fmap)
    return npz, fmap


def din_fields(feature_map, target_arg):
    """History fields (those sharing another field's table) and the fields they share: DIN's keys and query."""
    sequences = [n for n, s in feature_map.features.items() if s["type"] == "sequence" and "share_embedding" in s]
    targets = target_arg.split(",") if target_arg else [feature_map.features[n]["share_embedding"] for n in sequences]
    if len(targets) != len(sequences):
        sys.exit(f"--din-target names {len(targets)} fields for {len(sequences)} history fields {sequences}")
    for name in sequences:
        del feature_map.features[name]["feature_encoder"]  # the attention reads every position
    return [tuple(targets)], [tuple(sequences)]


def build_model(args, feature_map):
    folder, cls, settings = MODELS[args.model]
    sys.path.insert(0, os.path.join(args.fuxictr, "model_zoo", folder))
    import src as zoo
    settings = dict(settings)
    if args.model == "din":
        settings["din_target_field"], settings["din_sequence_field"] = din_fields(feature_map, args.din_target)
    model = getattr(zoo, cls)(feature_map, gpu=-1, model_root=os.path.join(args.cache, "checkpoints"), verbose=0,
                              metrics=["logloss", "AUC"], optimizer="adam", loss="binary_crossentropy",
                              learning_rate=1e-3, embedding_dim=16, embedding_regularizer=None,
                              net_regularizer=None, **settings)
    model._max_gradient_norm = 10.0  # what BaseModel.fit sets before train_step runs
    return model


def without_preprocessing_packages():
    """Empty stand-ins for polars and keras_preprocessing, which Debian does not package: FuxiCTR imports them at
    module level for its preprocessing and parquet loaders, which this driver never calls (any use would fail with
    an AttributeError, not run wrongly)."""
    import types
    for name in ("polars", "keras_preprocessing", "keras_preprocessing.sequence"):
        try:
            __import__(name)
        except ImportError:
            sys.modules[name] = types.ModuleType(name)
    sequence = sys.modules["keras_preprocessing.sequence"]
    if not hasattr(sequence, "pad_sequences"):
        def pad_sequences(*args, **kwargs):
            raise RuntimeError("keras_preprocessing is not installed; this driver does not preprocess with FuxiCTR")
        sequence.pad_sequences = pad_sequences


def run_for(seconds, loader, step):
    """Runs step(batch) over the loader, epoch after epoch, for about `seconds`; returns (samples, seconds)."""
    samples, start = 0, time.perf_counter()
    deadline = start + seconds
    while True:
        for batch in loader:
            step(batch)
            samples += len(batch[next(iter(batch))])
            if time.perf_counter() >= deadline:
                return samples, time.perf_counter() - start


def main():
    args = parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    np.random.seed(1)
    args.cache = args.cache or os.path.join(args.export, "fuxictr-cache")
    sys.path.insert(0, args.fuxictr)
    without_preprocessing_packages()
    from fuxictr import __version__ as fuxictr_version
    from fuxictr.features import FeatureMap
    from fuxictr.pytorch.dataloaders.npz_dataloader import BatchCollator, NpzDataset

    npz, fmap = encode(args.export, args.cache)
    feature_map = FeatureMap("recllm_export", args.cache)
    feature_map.load(fmap, {"embedding_dim": 16})
    model = build_model(args, feature_map)
    feature_map.set_column_index()
    # FuxiCTR's NpzDataLoader with full batches only, as `bench ctr` steps: NpzDataLoader drops its keyword
    # arguments (drop_last among them), so its dataset and collator are put together here the same way.
    loader = torch.utils.data.DataLoader(NpzDataset(feature_map, npz), batch_size=args.batch, shuffle=True,
                                         num_workers=0, drop_last=True, collate_fn=BatchCollator(feature_map))

    model.train()
    run_for(min(3, args.seconds / 3), loader, model.train_step)
    trained, train_seconds = run_for(args.seconds, loader, model.train_step)
    model.eval()
    with torch.no_grad():
        run_for(min(2, args.seconds / 4), loader, model.forward)
        scored, score_seconds = run_for(args.seconds / 2, loader, model.forward)
    result = OrderedDict(
        model=args.model, batch=args.batch, threads=torch.get_num_threads(),
        parameters=sum(p.numel() for p in model.parameters()),
        train_samples=trained, train_seconds=train_seconds, train_samples_per_s=trained / train_seconds,
        score_samples=scored, score_seconds=score_seconds, score_samples_per_s=scored / score_seconds,
        fuxictr=fuxictr_version, torch=torch.__version__, export=os.path.abspath(args.export))
    print(json.dumps(result))
    if args.out:
        with open(args.out + ".tmp", "w", encoding="utf-8") as f:
            json.dump(result, f, indent=1)
        os.replace(args.out + ".tmp", args.out)


if __name__ == "__main__":
    main()
