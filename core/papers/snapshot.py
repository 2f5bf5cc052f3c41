"""A ReportDoc to JSON and back: the issued paper as it was issued."""
from __future__ import annotations

import json
from dataclasses import asdict, fields

from core.report.document import Annex, Cell, Para, ReportDoc, Section, Signer, Table

# fields of ReportDoc that are not part of the printed document
_SKIP = {"warnings", "mismatches", "stats"}


def _block(b) -> dict:
    d = asdict(b)
    d["_t"] = "table" if isinstance(b, Table) else "para"
    if isinstance(b, Para):
        d["refs"] = []
    return d


def _section(s: Section) -> dict:
    d = {f.name: getattr(s, f.name) for f in fields(Section) if f.name not in ("blocks", "children")}
    d["blocks"] = [_block(b) for b in s.blocks]
    d["children"] = [_section(c) for c in s.children]
    return d


def to_json(doc: ReportDoc) -> str:
    d = {}
    for f in fields(ReportDoc):
        if f.name in _SKIP:
            continue
        v = getattr(doc, f.name)
        if f.name in ("preamble", "closing"):
            v = [_block(b) for b in v]
        elif f.name == "sections":
            v = [_section(s) for s in v]
        elif f.name == "annexes":
            v = [{"title": a.title, "subtitle": a.subtitle, "landscape": a.landscape,
                  "tables": [_block(t) for t in a.tables]} for a in v]
        elif f.name == "signer":
            v = asdict(v)
        d[f.name] = v
    return json.dumps(d, ensure_ascii=False, sort_keys=True)


def _from_block(d: dict):
    d = dict(d)
    t = d.pop("_t")
    if t == "para":
        d["refs"] = tuple(d.get("refs") or ())
        return Para(**d)
    d["header"] = [[Cell(**c) for c in r] for r in d["header"]]
    d["rows"] = [[Cell(**c) for c in r] for r in d["rows"]]
    return Table(**d)


def _from_section(d: dict) -> Section:
    d = dict(d)
    d["blocks"] = [_from_block(b) for b in d["blocks"]]
    d["children"] = [_from_section(c) for c in d["children"]]
    return Section(**d)


def from_json(text: str) -> ReportDoc:
    d = json.loads(text)
    d["preamble"] = [_from_block(b) for b in d.get("preamble", [])]
    d["closing"] = [_from_block(b) for b in d.get("closing", [])]
    d["sections"] = [_from_section(s) for s in d.get("sections", [])]
    d["annexes"] = [Annex(title=a["title"], subtitle=a["subtitle"], landscape=a["landscape"],
                          tables=[_from_block(t) for t in a["tables"]]) for a in d.get("annexes", [])]
    d["signer"] = Signer(**d["signer"])
    return ReportDoc(**d)
