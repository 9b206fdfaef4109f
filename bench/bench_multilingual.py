"""The multilingual CLIP candidates: their cost here, beside their published Chinese figures.

    .venv/bin/python bench/bench_multilingual.py                      # every candidate
    .venv/bin/python bench/bench_multilingual.py --only xlmr-b32      # one (repeatable)
    .venv/bin/python bench/bench_multilingual.py --quick              # tiny towers: a smoke run

Each candidate is built with random weights in a fresh process (2 torch threads), which
costs what the real model costs (same layers, same shapes; only the meaning of its vectors
differs). open_clip builds the ones it knows; their Hugging Face text towers need a config
that would come from the hub, so the published dimensions are written to a local folder
(``transformers``' ``XLMRobertaConfig``/``M2M100Config``) and the tower is built from it,
offline, as ``tests/multilingual_model.py`` does with a tiny one. Chinese-CLIP is not an
open_clip model: it is built with ``transformers``' ``ChineseCLIPModel`` with the
dimensions of ``OFA-Sys/chinese-clip-vit-base-patch16`` (ViT-B/16, RoBERTa-wwm-ext base).

Measured, torch fp32 on CPU, the indexing path (queries run the same towers exported to
ONNX Runtime; ``bench_query_start.py`` measures that path for the default model):

* ``text ms``: one query, padded to the tower's context (77 tokens; 52 for Chinese-CLIP),
  as open_clip's tokenizers pad it; ``text ms, 12 tok``: the same query trimmed to its 12
  tokens (padding is masked, so the vector is the same for these bidirectional towers).
  Tokenizing is not included.
* ``image ms``: one photo (query by example), and per photo in a batch of 8 (indexing).
* Each figure is the best of its runs (15 for text, 5 for one photo, 3 batches), each
  block of runs after waiting up to ``--quiet-wait`` seconds for a quiet machine: other
  processes only ever add time, and torch's spinning threads make a busy second core cost
  several times over. ``--json`` keeps the medians too.
* ``RSS``: the process after building the model (Python, torch and the fp32 weights) and
  its peak; ``params`` text and image tower, in millions.
* ``foreign``: the most cores other processes used during any block (0 = quiet), and the
  1-minute load average at the end: the machine is shared.

The published figures are printed from :data:`PUBLISHED`, each with where it comes from.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository

from bench import measure

HERE = Path(__file__).resolve()
THREADS = 2
QUERY_TOKENS = 12
TINY = "; --quick: TINY towers, not the real cost"


@dataclass(frozen=True)
class Candidate:
    key: str
    label: str
    builder: str
    """``open_clip`` or ``chinese_clip``."""
    arch: str = ""
    hf_class: str = ""
    """The transformers config class of the text tower (``XLMRobertaConfig``...)."""
    hf: dict[str, Any] = field(default_factory=dict)
    """Its published dimensions."""
    license: str = ""
    open_clip_path: str = ""


XLMR_BASE = dict(
    vocab_size=250002,
    hidden_size=768,
    num_hidden_layers=12,
    num_attention_heads=12,
    intermediate_size=3072,
    max_position_embeddings=514,
    type_vocab_size=1,
    pad_token_id=1,
    bos_token_id=0,
    eos_token_id=2,
    layer_norm_eps=1e-5,
)
"""xlm-roberta-base's config.json."""
XLMR_LARGE = {
    **XLMR_BASE,
    "hidden_size": 1024,
    "num_hidden_layers": 24,
    "num_attention_heads": 16,
    "intermediate_size": 4096,
}
NLLB_600M = dict(
    vocab_size=256206,
    d_model=1024,
    encoder_layers=12,
    decoder_layers=12,
    encoder_attention_heads=16,
    decoder_attention_heads=16,
    encoder_ffn_dim=4096,
    decoder_ffn_dim=4096,
    max_position_embeddings=1024,
    scale_embedding=True,
    pad_token_id=1,
    bos_token_id=0,
    eos_token_id=2,
    decoder_start_token_id=2,
)
"""facebook/nllb-200-distilled-600M's config.json (open_clip keeps the encoder)."""

CANDIDATES = (
    Candidate(
        "vit-b32",
        "ViT-B-32 laion2b_s34b_b79k (today's default, English only)",
        "open_clip",
        arch="ViT-B-32",
        license="MIT",
        open_clip_path="yes",
    ),
    Candidate(
        "xlmr-b32",
        "xlm-roberta-base-ViT-B-32 laion5b_s13b_b90k",
        "open_clip",
        arch="xlm-roberta-base-ViT-B-32",
        hf_class="XLMRobertaConfig",
        hf=XLMR_BASE,
        license="MIT",
        open_clip_path="yes (HF text tower)",
    ),
    Candidate(
        "xlmr-h14",
        "xlm-roberta-large-ViT-H-14 frozen_laion5b_s13b_b90k",
        "open_clip",
        arch="xlm-roberta-large-ViT-H-14",
        hf_class="XLMRobertaConfig",
        hf=XLMR_LARGE,
        license="MIT",
        open_clip_path="yes (HF text tower)",
    ),
    Candidate(
        "nllb-siglip-b",
        "nllb-clip-base-siglip mrl",
        "open_clip",
        arch="nllb-clip-base-siglip",
        hf_class="M2M100Config",
        hf=NLLB_600M,
        license="CC-BY-NC-4.0 (NLLB-200's text encoder)",
        open_clip_path="yes (HF text tower, timm image tower)",
    ),
    Candidate(
        "nllb-siglip-l",
        "nllb-clip-large-siglip mrl",
        "open_clip",
        arch="nllb-clip-large-siglip",
        hf_class="M2M100Config",
        hf=NLLB_600M,
        license="CC-BY-NC-4.0 (NLLB-200's text encoder)",
        open_clip_path="yes (HF text tower, timm image tower)",
    ),
    Candidate(
        "cn-clip-b16",
        "Chinese-CLIP ViT-B-16 (cn_clip)",
        "chinese_clip",
        license="MIT (Chinese-CLIP repository)",
        open_clip_path="no: its own package (cn_clip) or transformers' ChineseCLIPModel",
    ),
)

OPEN_CLIP_CSV = (
    "open_clip docs/openclip_multilingual_retrieval_results.csv (commit 48633c7, 2024-03-23)"
)
CN_CLIP_RESULTS = "Chinese-CLIP Results.md (commit 31863c7), CN-CLIP ViT-B/16, zero-shot"
PUBLISHED: dict[str, dict[str, str]] = {
    # text-to-image recall in Chinese: XTD10 zh (open_clip's "multilingual_mscoco_captions"),
    # Crossmodal-3600 zh; R@1 / R@10, percent.
    "vit-b32": {"xtd": "2.2 / 8.2", "xm3600": "0.7 / 3.9", "source": OPEN_CLIP_CSV},
    "xlmr-b32": {"xtd": "50.8 / 89.3", "xm3600": "53.7 / 86.1", "source": OPEN_CLIP_CSV},
    "xlmr-h14": {"xtd": "61.9 / 93.4", "xm3600": "59.1 / 89.3", "source": OPEN_CLIP_CSV},
    "nllb-siglip-b": {"xtd": "62.7 / 94.5", "xm3600": "53.5 / 85.9", "source": OPEN_CLIP_CSV},
    "nllb-siglip-l": {"xtd": "68.9 / 94.7", "xm3600": "59.5 / 89.0", "source": OPEN_CLIP_CSV},
    "cn-clip-b16": {
        "xtd": "-",
        "xm3600": "-",
        "other": "COCO-CN 62.2 / 94.9, Flickr30K-CN 62.7 / 92.8",
        "source": CN_CLIP_RESULTS,
    },
}

TINY_VISION = {"image_size": 64, "layers": 2, "width": 64, "patch_size": 16, "head_width": 32}
TINY_HF = {
    "XLMRobertaConfig": dict(
        hidden_size=32, num_hidden_layers=2, num_attention_heads=2, intermediate_size=64
    ),
    "M2M100Config": dict(
        d_model=32,
        encoder_layers=2,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=64,
        decoder_ffn_dim=64,
    ),
}


# -- the worker: one candidate, in its own process ---------------------------------------------


def _find(key: str) -> Candidate:
    return next(c for c in CANDIDATES if c.key == key)


def _build_open_clip(candidate: Candidate, folder: Path, quick: bool) -> tuple[Any, int, int, int]:
    """The model, its context length, pad id and image size."""
    import open_clip

    config = json.loads(json.dumps(open_clip.get_model_config(candidate.arch)))
    pad = 0
    if candidate.hf_class:
        import transformers

        dims = {**candidate.hf, **(TINY_HF[candidate.hf_class] if quick else {})}
        if quick:
            dims["vocab_size"] = 1000
        text_dir = folder / f"{candidate.key}-text"
        getattr(transformers, candidate.hf_class)(**dims).save_pretrained(str(text_dir))
        config["text_cfg"]["hf_model_name"] = str(text_dir)
        config["text_cfg"]["hf_tokenizer_name"] = str(text_dir)
        pad = dims["pad_token_id"]
    if quick:
        config["embed_dim"] = 64
        config["vision_cfg"] = dict(TINY_VISION)
        if not candidate.hf_class:
            config["text_cfg"].update(width=64, heads=2, layers=2)
    name = f"{candidate.arch}-offline"
    path = folder / f"{name}.json"
    path.write_text(json.dumps(config))
    open_clip.add_model_config(path)
    model = open_clip.create_model(name, pretrained=None, pretrained_text=False)
    model.eval()
    context = config["text_cfg"].get("context_length", 77)
    size = config["vision_cfg"].get("image_size", 224)
    return model, context, pad, size if isinstance(size, int) else size[0]


def _build_chinese_clip(quick: bool) -> tuple[Any, int, int, int]:
    from transformers import ChineseCLIPConfig, ChineseCLIPModel

    text = dict(
        vocab_size=21128,
        hidden_size=768,
        num_hidden_layers=12,
        num_attention_heads=12,
        intermediate_size=3072,
        max_position_embeddings=512,
        type_vocab_size=2,
        pad_token_id=0,
    )
    vision = dict(
        hidden_size=768,
        intermediate_size=3072,
        num_hidden_layers=12,
        num_attention_heads=12,
        image_size=224,
        patch_size=16,
        projection_dim=512,
    )
    projection = 512
    if quick:
        small = dict(hidden_size=32, num_hidden_layers=2, num_attention_heads=2)
        text.update(small, intermediate_size=64, vocab_size=1000)
        vision.update(small, intermediate_size=64, image_size=64, projection_dim=32)
        projection = 32
    config = ChineseCLIPConfig(text_config=text, vision_config=vision, projection_dim=projection)
    model = ChineseCLIPModel(config).eval()
    return model, 52, 0, vision["image_size"]


def _timed_ms(run: Any, times: int, warm: int, quiet_wait: float) -> dict[str, float]:
    """Best and median of ``times`` runs after ``warm`` ones, with the cores others used.

    The best run is the figure: on a shared machine other processes only ever add time
    (torch's 2 OpenMP threads spin-wait, so one busy core can make a run several times
    slower), and the least disturbed run is the closest to the model's own cost. Each block
    first waits up to ``quiet_wait`` seconds for the machine to quieten.
    """
    if quiet_wait:
        measure.quiet_machine(wait_s=quiet_wait)
    monitor = measure.LoadMonitor()
    for _ in range(warm):
        run()
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        run()
        spent.append((time.perf_counter() - started) * 1000)
    return {
        "best": min(spent),
        "median": measure.percentile(spent, 50),
        "foreign": monitor.result()["foreign_cores"],
    }


def _flops(encode_text: Any, encode_image: Any, padded: Any, real: Any, one: Any) -> dict:
    """GFLOPs of one padded query, one trimmed query and one photo: what the timings
    cost on a quiet machine, counted by torch (``FlopCounterMode``), whatever the load."""
    from torch.utils.flop_counter import FlopCounterMode

    counts = {}
    for name, run, value in (
        ("text_gflops", encode_text, padded),
        ("text_short_gflops", encode_text, real),
        ("image_gflops", encode_image, one),
    ):
        try:
            with FlopCounterMode(display=False) as counter:  # no inference_mode: timm hooks
                run(value)
            counts[name] = counter.get_total_flops() / 1e9
        except RuntimeError:  # open_clip's CLIP tower takes its 77 positions only
            counts[name] = math.nan
    return counts


def _params_m(module: Any) -> float:
    return sum(p.numel() for p in module.parameters()) / 1e6


def worker(
    key: str, folder: Path, quick: bool, quiet_wait: float, flops_only: bool = False
) -> dict[str, Any]:
    import torch

    torch.set_num_threads(THREADS)
    torch.manual_seed(0)
    candidate = _find(key)
    started = time.perf_counter()
    if candidate.builder == "chinese_clip":
        model, context, pad, size = _build_chinese_clip(quick)
        text_params = _params_m(model.text_model) + _params_m(model.text_projection)
        image_params = _params_m(model.vision_model) + _params_m(model.visual_projection)

        def encode_text(ids: Any) -> Any:
            mask = (ids != pad).long()
            return model.get_text_features(input_ids=ids, attention_mask=mask)

        def encode_image(pixels: Any) -> Any:
            return model.get_image_features(pixel_values=pixels)

        vocab = model.config.text_config.vocab_size
    else:
        model, context, pad, size = _build_open_clip(candidate, folder, quick)
        tower = getattr(model, "text", None)
        text_params = (
            _params_m(tower)
            if tower is not None
            else sum(
                p.numel()
                for n, p in model.named_parameters()
                if not n.startswith("visual.") and n not in ("logit_scale", "logit_bias")
            )
            / 1e6
        )
        image_params = _params_m(model.visual)
        encode_text, encode_image = model.encode_text, model.encode_image
        vocab = getattr(tower, "vocab_size", 0) or 49408
    build_s = time.perf_counter() - started
    rss_built = measure.rss_mb()

    generator = torch.Generator().manual_seed(1)
    real = torch.randint(5, vocab - 1, (1, QUERY_TOKENS), generator=generator)
    padded = torch.full((1, context), pad, dtype=torch.long)
    padded[0, :QUERY_TOKENS] = real
    if candidate.builder == "open_clip" and not candidate.hf_class:
        padded[0, QUERY_TOKENS - 1] = vocab - 1  # CLIP pools at the end token (the largest id)
    one = torch.randn(1, 3, size, size, generator=generator)
    eight = torch.randn(8, 3, size, size, generator=generator)
    flops = _flops(encode_text, encode_image, padded, real, one)
    if flops_only:
        return {"key": key, "text_params_m": text_params, "image_params_m": image_params, **flops}
    text_runs, image_runs = (3, 2) if quick else (15, 5)
    wait = 0.0 if quick else quiet_wait
    # open_clip's own CLIP tower has a fixed 77-position mask: it cannot be trimmed
    trimmable = candidate.hf_class or candidate.builder == "chinese_clip"
    with torch.inference_mode():
        blocks = {
            "text": _timed_ms(lambda: encode_text(padded), text_runs, 2, wait),
            "text_short": (
                _timed_ms(lambda: encode_text(real), text_runs, 2, wait) if trimmable else None
            ),
            "image": _timed_ms(lambda: encode_image(one), image_runs, 1, wait),
            "batch8": _timed_ms(lambda: encode_image(eight), 1 if quick else 3, 1, wait),
        }
    return {
        "key": key,
        "text_params_m": text_params,
        "image_params_m": image_params,
        "fp32_mb": (text_params + image_params) * 4,
        "context": context,
        "image_size": size,
        "build_s": build_s,
        "text_ms": blocks["text"]["best"],
        "text_ms_short": blocks["text_short"]["best"] if blocks["text_short"] else math.nan,
        "image_ms": blocks["image"]["best"],
        "image_ms_batch8": blocks["batch8"]["best"] / 8,
        "blocks": blocks,
        **flops,
        "rss_built_mb": rss_built,
        "peak_rss_mb": measure.peak_rss_mb(),
        "foreign": max(block["foreign"] for block in blocks.values() if block),
        "loadavg_1m": os.getloadavg()[0],
    }


# -- the driver ---------------------------------------------------------------------------------


def _run_worker(args: list[str]) -> list[dict[str, Any]]:
    """:func:`measure.run_worker` for a worker that prints a JSON list."""
    command = [sys.executable, str(HERE), *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise RuntimeError(f"worker failed ({done.returncode}): {' '.join(command)}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = measure.base_parser(__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", choices=[c.key for c in CANDIDATES])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument(
        "--flops-only", action="store_true", help="count each model's GFLOPs, time nothing"
    )
    args = parser.parse_args()
    folder = args.cache / "multilingual"
    folder.mkdir(parents=True, exist_ok=True)
    if args.worker:
        found = [
            worker(key, folder, args.quick, args.quiet_wait, args.flops_only)
            for key in args.worker.split(",")
        ]
        print(json.dumps(found))
        return

    keys = args.only or [c.key for c in CANDIDATES]
    # one fresh process per candidate (its RSS is its own); --quick runs them all in one
    groups = [",".join(keys)] if args.quick else keys
    figures = []
    for group in groups:
        extra = ["--quick"] if args.quick else ["--quiet-wait", str(args.quiet_wait)]
        extra += ["--flops-only"] if args.flops_only else []
        print(f"measuring {group}...", file=sys.stderr)
        figures.extend(_run_worker(["--worker", group, "--cache", str(args.cache), *extra]))

    measure.print_table(
        f"Compute (GFLOPs counted by torch){TINY if args.quick else ''}",
        [
            "model",
            "params text + image (M)",
            "text (padded)",
            f"text ({QUERY_TOKENS} tok)",
            "photo",
        ],
        [
            [
                _find(f["key"]).label,
                f"{f['text_params_m']:.0f} + {f['image_params_m']:.0f}",
                f["text_gflops"],
                f["text_short_gflops"],
                f["image_gflops"],
            ]
            for f in figures
        ],
    )
    if args.flops_only:
        return
    measure.print_table(
        f"Cost here (torch fp32, {THREADS} threads, random weights{TINY if args.quick else ''})",
        [
            "model",
            "params text + image (M)",
            "text ms (padded)",
            f"text ms ({QUERY_TOKENS} tok)",
            "image ms (one)",
            "image ms/photo (batch 8)",
            "RSS built / peak MB",
            "foreign",
            "load 1m",
        ],
        [
            [
                _find(f["key"]).label,
                f"{f['text_params_m']:.0f} + {f['image_params_m']:.0f}",
                f["text_ms"],
                f["text_ms_short"],
                f["image_ms"],
                f["image_ms_batch8"],
                f"{f['rss_built_mb']:,.0f} / {f['peak_rss_mb']:,.0f}",
                f["foreign"],
                f["loadavg_1m"],
            ]
            for f in figures
        ],
    )
    measure.print_table(
        "Published Chinese text-to-image retrieval (R@1 / R@10, %)",
        ["model", "XTD10 zh", "Crossmodal-3600 zh", "other", "licence", "open_clip path", "source"],
        [
            [
                c.label,
                PUBLISHED[c.key]["xtd"],
                PUBLISHED[c.key]["xm3600"],
                PUBLISHED[c.key].get("other", "-"),
                c.license,
                c.open_clip_path,
                PUBLISHED[c.key]["source"],
            ]
            for c in CANDIDATES
            if c.key in keys
        ],
    )
    measure.write_json(args.json, {"machine": measure.machine_description(), "figures": figures})


if __name__ == "__main__":
    main()
