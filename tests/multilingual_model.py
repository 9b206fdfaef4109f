"""A tiny multilingual CLIP model made on the spot: open_clip with a Hugging Face XLM-RoBERTa
text tower and a SentencePiece-style (Unigram) tokenizer trained here on a few sentences.

The catalog's multilingual model (``xlm-roberta-base-ViT-B-32``) takes its text tower's
config and tokenizer from the Hugging Face hub, which these machines cannot reach. This
one has the same kind of parts, saved as a local folder that an open_clip model-config
JSON names in ``text_cfg.hf_model_name``/``hf_tokenizer_name``, so it loads through the
same code path as a real download (``transformers`` builds the tower from the folder's
``config.json``, ``AutoTokenizer`` reads its ``tokenizer.json``), with no network.
Random weights, like the other test models.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.model_files import TinyClip, _write_whole

NAME = "mediasift-tiny-xlmr"
SPECIAL = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")
"""XLM-RoBERTa's special tokens, at its ids (0 to 4): bos, pad, eos, unknown, mask."""
CORPUS = [
    "a cat on a sofa",
    "a dog running on the beach at sunset",
    "photos of my holiday with friends",
    "the meeting about the new office",
    "一只猫在沙发上",
    "海边日落时奔跑的狗",
    "猫がソファの上で寝ている",
    "고양이가 소파 위에 있다",
    "Crème brûlée à la française, naïve café",
    "Ελληνικά και Русский текст",
    "🐱 on a 🛋️! 🎉🎂",
    "Hello, world!!! (really?) -- yes; #1 @home 100% $5",
]


def build_tiny_multilingual_clip(folder: Path, seed: int = 5) -> TinyClip:
    """The model's config JSON and weights in ``folder`` (built once), its text tower's
    Hugging Face files in ``folder/text``."""
    config = folder / f"{NAME}.json"
    weights = folder / f"{NAME}-seed{seed}.pt"
    if config.is_file() and weights.is_file():
        return TinyClip(config, weights)
    text_dir = folder / "text"
    _save_text_tower(text_dir)
    model_config = {
        "embed_dim": 64,
        "vision_cfg": {
            "image_size": 64,
            "layers": 2,
            "width": 64,
            "patch_size": 16,
            "head_width": 32,
        },
        "text_cfg": {
            "hf_model_name": str(text_dir),
            "hf_tokenizer_name": str(text_dir),
            "hf_pooler_type": "mean_pooler",
            "hf_proj_type": "mlp",
        },
    }
    _write_whole(config, lambda part: part.write_text(json.dumps(model_config)))

    import open_clip
    import torch

    open_clip.add_model_config(config)
    torch.manual_seed(seed)
    model = open_clip.create_model(NAME, pretrained_hf=False)  # the tower from config.json
    _write_whole(weights, lambda part: torch.save(model.state_dict(), part))
    return TinyClip(config, weights)


def _save_text_tower(text_dir: Path) -> None:
    """A Unigram tokenizer trained on :data:`CORPUS` (XLM-R's normaliser, pre-tokenizer and
    ``<s> … </s>`` template) and a 2-layer, 32-wide XLM-RoBERTa config."""
    from tokenizers import (
        Tokenizer,
        decoders,
        models,
        normalizers,
        pre_tokenizers,
        processors,
        trainers,
    )
    from transformers import XLMRobertaConfig, XLMRobertaTokenizerFast

    tokenizer = Tokenizer(models.Unigram())
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.NFKC(), normalizers.Replace(" {2,}", " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
    tokenizer.decoder = decoders.Metaspace()
    trainer = trainers.UnigramTrainer(
        vocab_size=400, special_tokens=list(SPECIAL), unk_token="<unk>"
    )
    tokenizer.train_from_iterator(CORPUS * 3, trainer)
    bos, eos = tokenizer.token_to_id("<s>"), tokenizer.token_to_id("</s>")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", bos), ("</s>", eos)],
    )
    hf = XLMRobertaTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token="<s>",
        eos_token="</s>",
        cls_token="<s>",
        sep_token="</s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token="<mask>",
    )
    hf.save_pretrained(str(text_dir))
    XLMRobertaConfig(
        vocab_size=tokenizer.get_vocab_size(),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=80,  # 77 tokens after XLM-R's position offset (pad id + 1)
        pad_token_id=SPECIAL.index("<pad>"),
        bos_token_id=SPECIAL.index("<s>"),
        eos_token_id=SPECIAL.index("</s>"),
        type_vocab_size=1,
    ).save_pretrained(str(text_dir))
