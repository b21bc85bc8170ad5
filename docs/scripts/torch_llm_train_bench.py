#!/usr/bin/env python3
"""Training throughput of RecLLM's `llm train` presets in PyTorch, for the side-by-side figure in
docs/figures/llm-training.md: the same Llama shape (RMSNorm, rotary positions, grouped-query causal attention, SwiGLU,
tied head), float32, AdamW with clipping, on the same token sequences (one per line of TOKENS.txt, as written by the
RecLLM run's corpus tokenisation, or random ids of a given length). Tokens/s counts forward + backward + AdamW over
the timed steps, after warm-up steps, like RecLLM's report.

    apt-get install python3-torch libopenblas0-pthread   # Debian's torch; without OpenBLAS it uses the reference BLAS
    /usr/bin/python3 torch_llm_train_bench.py --preset tiny --threads 1 --steps 30 --batch 4 --length 256
"""
import argparse
import math
import resource
import time

import torch
import torch.nn.functional as F
import torch.utils.checkpoint

PRESETS = {  # dim, layers, heads, kv heads, ffn, context — RecLLM's DecoderPreset
    "tiny": (128, 4, 4, 2, 352, 256),
    "small": (384, 6, 6, 2, 1024, 512),
    "medium": (512, 10, 8, 4, 1408, 512),
}


class RmsNorm(torch.nn.Module):
    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.weight = torch.nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rotary(x, cos, sin):
    # Llama's adjacent pairs (x0, x1), (x2, x3), …
    even, odd = x[..., 0::2], x[..., 1::2]
    return torch.stack((even * cos - odd * sin, even * sin + odd * cos), dim=-1).flatten(-2)


class Block(torch.nn.Module):
    def __init__(self, dim, heads, kv_heads, ffn):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = heads, kv_heads, dim // heads
        self.attn_norm, self.ffn_norm = RmsNorm(dim), RmsNorm(dim)
        self.q = torch.nn.Linear(dim, dim, bias=False)
        self.k = torch.nn.Linear(dim, kv_heads * self.head_dim, bias=False)
        self.v = torch.nn.Linear(dim, kv_heads * self.head_dim, bias=False)
        self.o = torch.nn.Linear(dim, dim, bias=False)
        self.gate = torch.nn.Linear(dim, ffn, bias=False)
        self.up = torch.nn.Linear(dim, ffn, bias=False)
        self.down = torch.nn.Linear(ffn, dim, bias=False)

    def forward(self, x, cos, sin, mask):
        b, t, _ = x.shape
        h = self.attn_norm(x)
        q = rotary(self.q(h).view(b, t, self.heads, self.head_dim), cos, sin).transpose(1, 2)
        k = rotary(self.k(h).view(b, t, self.kv_heads, self.head_dim), cos, sin).transpose(1, 2)
        v = self.v(h).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        group = self.heads // self.kv_heads
        k, v = k.repeat_interleave(group, dim=1), v.repeat_interleave(group, dim=1)
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(self.head_dim) + mask
        attended = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, t, -1)
        x = x + self.o(attended)
        h = self.ffn_norm(x)
        return x + self.down(F.silu(self.gate(h)) * self.up(h))


class Decoder(torch.nn.Module):
    def __init__(self, vocabulary, dim, layers, heads, kv_heads, ffn, recompute=False):
        super().__init__()
        self.recompute = recompute
        self.embedding = torch.nn.Embedding(vocabulary, dim)
        self.blocks = torch.nn.ModuleList(Block(dim, heads, kv_heads, ffn) for _ in range(layers))
        self.norm = RmsNorm(dim)
        self.head_dim = dim // heads

    def forward(self, tokens):
        t = tokens.shape[1]
        frequencies = 10000.0 ** (-torch.arange(0, self.head_dim, 2, dtype=torch.float32) / self.head_dim)
        angles = torch.arange(t, dtype=torch.float32)[:, None] * frequencies[None, :]
        cos, sin = angles.cos()[None, :, None, :], angles.sin()[None, :, None, :]
        mask = torch.full((t, t), float("-inf")).triu(1)
        x = self.embedding(tokens)
        for block in self.blocks:
            if self.recompute:
                x = torch.utils.checkpoint.checkpoint(block, x, cos, sin, mask, use_reentrant=False)
            else:
                x = block(x, cos, sin, mask)
        return self.norm(x) @ self.embedding.weight.T  # tied head


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--preset", default="tiny", choices=PRESETS)
    parser.add_argument("--vocabulary", type=int, default=4096)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--batch", type=int, default=4, help="sequences per optimiser step")
    parser.add_argument("--length", type=int, default=256, help="tokens per sequence")
    parser.add_argument("--per-sequence", action="store_true",
                        help="one forward per sequence, gradients accumulated (RecLLM's way) instead of one [B, T] pass")
    parser.add_argument("--recompute", action="store_true",
                        help="activation checkpointing per block (torch.utils.checkpoint), as RecLLM's --recompute-activations")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(1)
    dim, layers, heads, kv_heads, ffn, _ = PRESETS[args.preset]
    model = Decoder(args.vocabulary, dim, layers, heads, kv_heads, ffn, args.recompute)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, betas=(0.9, 0.95), weight_decay=0.1)
    data = torch.randint(0, args.vocabulary, (args.steps + args.warmup, args.batch, args.length))

    def step(batch):
        optimizer.zero_grad(set_to_none=True)
        chunks = [batch[i:i + 1] for i in range(args.batch)] if args.per_sequence else [batch]
        for chunk in chunks:
            logits = model(chunk[:, :-1])
            loss = F.cross_entropy(logits.reshape(-1, args.vocabulary), chunk[:, 1:].reshape(-1))
            (loss * chunk.shape[0] / args.batch).backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()

    for i in range(args.warmup):
        step(data[i])
    start = time.perf_counter()
    for i in range(args.warmup, args.warmup + args.steps):
        step(data[i])
    seconds = time.perf_counter() - start
    tokens = args.steps * args.batch * (args.length - 1)
    print(f"pytorch {torch.__version__} preset={args.preset} threads={args.threads} batch={args.batch} "
          f"length={args.length} per_sequence={args.per_sequence} recompute={args.recompute} steps={args.steps}: "
          f"{tokens / seconds:,.0f} tokens/s ({seconds:.1f} s), peak RSS "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
