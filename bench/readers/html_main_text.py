"""Main-text extraction from web pages, scored with snippets that must and must not appear.

Two page sets, neither tuned on:

* generated: Reuters articles rendered in four page layouts (a news site with navigation, share
  bar, related box, newsletter box, most-read list, comments and cookie banner; a blog with a
  sidebar, tag cloud, share buttons, reply form and teasers; the same furniture in bare <div>s
  with no semantic tags; a plain page). Must: each paragraph of the article. Must not: every
  piece of furniture of three words or more (other articles' headlines and teasers, comments,
  newsletter and cookie text, footer lines).
* the folder's web pages: must = paragraphs inside <article>/<main>, must not = text inside
  <nav>/<header>/<footer>/<aside>/<form> (pages without such markup give no snippets).

A snippet is found when its middle eight words occur in the extracted text (case and spacing
aside). Precision = must found / (must found + must-not found), recall = must found / must.

Extractors, in the same run: every visible block (sleuth's fallback), visible blocks with
sleuth's boilerplate rules (sleuth's HTML reader before trafilatura), trafilatura alone, and
sleuth now (``load_document``: trafilatura, then sleuth's cleaning).

    .venv/bin/python bench/readers/html_main_text.py --articles 200
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from common import RESULTS, environment

from index.clean import remove_boilerplate, split_paragraphs, strip_control
from index.documents import load_document
from index.readers import decode_bytes
from index.readers.html import visible_blocks

REUTERS = Path("/work/shared/data/reuters21578/articles")
FOLDER = Path("/work/shared/data/formats/unstructured-example-docs")
NAV = ["Home", "World", "Business", "Markets", "Politics", "Technology", "Opinion", "Sport"]


def articles(folder: Path, count: int, seed: int) -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of ``count`` Reuters articles with at least four paragraphs."""
    found = []
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="latin-1").split("\n", 1)
        if len(lines) < 2:
            continue
        paragraphs = [p for p in split_paragraphs(lines[1]) if len(p.split()) >= 8]
        if len(paragraphs) >= 4:
            found.append((lines[0].strip().title(), paragraphs))
    random.Random(seed).shuffle(found)
    return found[:count]


def first_sentence(paragraph: str) -> str:
    return re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]


def render(layout: str, title: str, body: list[str], others: list[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    """A page of ``layout`` and its furniture (the snippets that must not be extracted)."""
    e = html.escape
    headlines = [t for t, _ in others]
    teasers = [first_sentence(p[0]) for _, p in others]
    newsletter = "Sign up for our Morning Briefing newsletter and get the day's top stories in your inbox."
    cookie = "We use cookies to personalise content and ads and to analyse our traffic."
    footer = "Copyright 2024 The Daily Courier Ltd. All rights reserved. Terms of use and privacy policy."
    comments = [f"I think {teasers[3].lower()}", f"Not so sure about this, {teasers[4].lower()}"]
    furniture = [*headlines[:3], *teasers[:3], newsletter, cookie, footer, *comments]
    paragraphs = "".join(f"<p>{e(p)}</p>" for p in body)
    if layout == "news":
        middle = (
            "".join(f"<p>{e(p)}</p>" for p in body[:2])
            + f'<aside class="related"><h4>Related</h4><a href="/r1">{e(headlines[0])}</a></aside>'
            + "".join(f"<p>{e(p)}</p>" for p in body[2:3])
            + f'<div class="newsletter"><h3>Morning Briefing</h3><p>{e(newsletter)}</p><form><input>'
            "<button>Subscribe</button></form></div>" + "".join(f"<p>{e(p)}</p>" for p in body[3:])
        )
        page = (
            f"<html><head><title>{e(title)} | The Daily Courier</title></head><body>"
            f'<div class="cookie-banner">{e(cookie)} <button>Accept</button></div>'
            f"<header><nav><ul>{''.join(f'<li><a href=/{n}>{n}</a></li>' for n in NAV)}</ul></nav></header>"
            f"<main><article><h1>{e(title)}</h1><div class=byline>By Staff Reporter</div>"
            '<div class="share"><a>Share on Facebook</a><a>Share on X</a><a>Email</a></div>'
            f"{middle}</article>"
            f"<aside><h3>Most read</h3><ol>{''.join(f'<li><a href=/m>{e(h)}</a></li>' for h in headlines[1:3])}</ol>"
            f"<p>{e(teasers[1])}</p><p>{e(teasers[2])}</p></aside>"
            f'<section class="comments"><h3>2 comments</h3><p>{e(comments[0])}</p><p>{e(comments[1])}</p></section>'
            f"</main><footer><p>{e(footer)}</p></footer></body></html>"
        )
    elif layout == "blog":
        page = (
            f"<html><head><title>{e(title)}</title></head><body><div id=wrap>"
            f"<div id=sidebar><h3>Categories</h3><ul>{''.join(f'<li>{n}</li>' for n in NAV)}</ul>"
            f"<h3>Recent posts</h3><ul>{''.join(f'<li><a>{e(h)}</a></li>' for h in headlines[:3])}</ul></div>"
            f'<div class="post"><h2>{e(title)}</h2>{paragraphs}'
            '<div class="sharedaddy">Share this: Twitter Facebook</div>'
            '<div class="related-posts"><h3>You may also like</h3>'
            f"{''.join(f'<p>{e(t)}</p>' for t in teasers[:3])}</div>"
            f'<div id="comments"><p>{e(comments[0])}</p><p>{e(comments[1])}</p><h3>Leave a Reply</h3>'
            f"<p>{e(newsletter)}</p></div></div>"
            f"<div id=footer><p>{e(cookie)}</p><p>{e(footer)}</p></div></div></body></html>"
        )
    elif layout == "divs":
        page = (
            f"<html><head><title>{e(title)}</title></head><body>"
            f"<div class=top>{' | '.join(f'<a>{n}</a>' for n in NAV)}</div><div class=box>{e(cookie)}</div>"
            f"<div class=content><div class=headline>{e(title)}</div>"
            + "".join(f"<div class=para>{e(p)}</div>" for p in body)
            + f"</div><div class=box>{e(newsletter)}</div>"
            + "<div class=more>"
            + "".join(f"<div><a>{e(h)}</a> {e(t)}</div>" for h, t in zip(headlines[:3], teasers[:3], strict=True))
            + "</div>"
            f"<div class=talk><div>{e(comments[0])}</div><div>{e(comments[1])}</div></div>"
            f"<div class=bottom>{e(footer)}</div></body></html>"
        )
    else:  # plain: the article alone
        page = f"<html><head><title>{e(title)}</title></head><body><h1>{e(title)}</h1>{paragraphs}</body></html>"
        furniture = []
    return page, [f for f in furniture if len(f.split()) >= 3]


def folder_gold(markup: str) -> tuple[list[str], list[str]]:
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(markup)
    must = [
        " ".join("".join(p.itertext()).split())
        for container in tree.iter("article", "main")
        for p in container.iter("p")
    ]
    must_not = [
        " ".join("".join(el.itertext()).split()) for el in tree.iter("nav", "header", "footer", "aside", "form")
    ]
    must = [m for m in must if len(m.split()) >= 6]
    return must, [m for m in must_not if len(m.split()) >= 3 and not any(m in k for k in must)]


def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def found(snippet: str, text: str) -> bool:
    words = _norm(snippet).split()
    middle = len(words) // 2
    window = " ".join(words[max(0, middle - 4) : middle + 4])
    return bool(window) and window in text


def blocks_only(markup: str) -> str:
    from lxml import html as lxml_html

    return "\n".join(visible_blocks(lxml_html.fromstring(markup)))


def blocks_and_rules(markup: str) -> str:
    return "\n".join(remove_boilerplate(split_paragraphs(strip_control("\n\n".join(blocks_only(markup).split("\n"))))))


def trafilatura_alone(markup: str) -> str:
    import trafilatura

    return trafilatura.extract(markup, include_comments=False) or ""


def sleuth_now(markup: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "page.html"
        path.write_text(markup, encoding="utf-8")
        return load_document(path, "page.html").text


EXTRACTORS: dict[str, Callable[[str], str]] = {
    "visible blocks": blocks_only,
    "blocks + sleuth rules (before)": blocks_and_rules,
    "trafilatura": trafilatura_alone,
    "sleuth now": sleuth_now,
}


def score(pages: list[tuple[str, list[str], list[str]]]) -> dict[str, dict[str, float]]:
    scores = {}
    for name, extract in EXTRACTORS.items():
        tp = fp = must_total = must_not_total = 0
        for markup, must, must_not in pages:
            text = _norm(extract(markup))
            tp += sum(found(m, text) for m in must)
            fp += sum(found(m, text) for m in must_not)
            must_total += len(must)
            must_not_total += len(must_not)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / must_total if must_total else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[name] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "must_found": f"{tp}/{must_total}",
            "must_not_found": f"{fp}/{must_not_total}",
        }
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS / "html_main_text.json")
    args = parser.parse_args()
    result: dict[str, object] = {"environment": environment()}
    if REUTERS.is_dir():
        chosen = articles(REUTERS, args.articles + 5, args.seed)
        by_layout = {}
        for layout in ("news", "blog", "divs", "plain"):
            pages = []
            for i, (title, body) in enumerate(chosen[: args.articles]):
                others = chosen[args.articles :] if i % 2 else chosen[i + 1 : i + 6]
                markup, furniture = render(layout, title, body, others[:5])
                pages.append((markup, body, furniture))
            by_layout[layout] = score(pages)
            print(layout, json.dumps(by_layout[layout]), flush=True)
        result["generated"] = {"articles": args.articles, "seed": args.seed, "by_layout": by_layout}
    if FOLDER.is_dir():
        pages = []
        for path in sorted(FOLDER.glob("*.htm*")):
            markup = re.sub(r"^\s*<\?xml[^>]*>", "", decode_bytes(path.read_bytes()))
            must, must_not = folder_gold(markup)
            if must or must_not:
                pages.append((markup, must, must_not))
        result["folder"] = {"pages": len(pages), "scores": score(pages)}
        print("folder", json.dumps(result["folder"]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
