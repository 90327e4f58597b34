"""Builds the one stylesheet the public pages link, static/build/site.css, from the vendored npm
packages in static/vendor/ (scripts/vendor-static.sh) and the portal's own static/css/portal.css.
One file, not three: each render-blocking stylesheet costs a phone on 4G a round trip before the
first paint (Lighthouse's render-blocking audit counted 310 ms for each of the three). It holds,
in this order:

- Pretendard GOV's @font-face rules of the two weights the pages use (one per weight and
  unicode-range slice, so a browser still fetches only the slices a page's text needs),
  minified and ordered slice by slice so that each slice's range list repeats next to itself
  and compresses;
- KRDS: KRDS's compiled CSS (krds-uiux, 584 KB with its design tokens @imported) cut to the
  rules whose selectors can match the public pages' markup, and to the custom properties
  (design tokens) those rules and static/css/portal.css read; minified;
- portal.css as written (it lives in static/css/, as deep as static/build/, so a relative url()
  in it means the same file from either).

The print stylesheet (static/css/print.css) stays a file of its own: linked for print only, it
blocks nothing. Edit portal.css, then `make css`; the test suite fails while site.css lags.

    .venv/bin/python scripts/build_css.py          (or: make css)
    .venv/bin/python scripts/build_css.py --check  (exit 1 if static/build/ is out of date)

Python with tinycss2 (WeasyPrint's CSS parser, already installed for the PDF) rather than
purgecss and lightningcss from npm: the build then runs wherever the portal runs, needs no Node,
and gives the same bytes on every machine for the same inputs. Its output is committed, so
`make run` needs no build step.

What the pages use is read the way purgecss reads it: every word in the public templates
(templates/ without the admin's, which links Django's admin CSS, not KRDS) and in the Python
that writes markup for them. A selector stays when each class, id, element and attribute it
names occurs among those words; a class a template completes from a variable (``outline--d{{
depth }}``) counts as present for every ending of its stem. The arguments of pseudo-classes
(:not(.x), :nth-child(2n)) decide nothing: `:not(.x)` matches more where .x is absent, not less."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path, PurePosixPath

import tinycss2

ROOT = Path(__file__).resolve().parent.parent
STATIC = ROOT / "static"
BUILD = STATIC / "build"
KRDS = STATIC / "vendor" / "krds" / "css" / "component" / "output.css"
FONT = STATIC / "vendor" / "pretendard-gov" / "web" / "pretendard-gov-dynamic-subset.css"
PORTAL_CSS = [STATIC / "css" / "portal.css", STATIC / "css" / "print.css"]
# KRDS's two weights (--krds-font-weight-regular and -bold), the only ones the pages ask for: a
# third would be one more set of font slices for a phone to fetch (SemiBold, 600, was 9 of a plan
# page's 28 font requests before its first paint).
WEIGHTS = ("400", "700")
# The admin's templates link Django's admin CSS, not KRDS; every other template, present or
# added later, may be a public page.
CONTENT = [
    *sorted(
        path
        for path in (ROOT / "templates").rglob("*.html")
        if path.relative_to(ROOT / "templates").parts[0] != "admin"
    ),
    ROOT / "plans" / "templatetags" / "report.py",
    ROOT / "plans" / "report" / "charts.py",
    ROOT / "plans" / "report" / "wordbreak.py",
]
# Every element a page has without a template naming it (the document's frame, and what the
# browser adds: tbody in a table written without one).
IMPLIED_ELEMENTS = {"html", "head", "body", "tbody"}
KRDS_LICENCE = (
    "/*! KRDS (krds-uiux 1.1.0, ISC licence: static/vendor/krds/LICENSE), cut to the rules the "
    "portal's pages use by scripts/build_css.py. */\n"
)
FONT_LICENCE = (
    "/*! Pretendard GOV (pretendard-gov 1.3.9), Copyright (c) 2021 Kil Hyung-jin, with Reserved "
    "Font Name Pretendard GOV; SIL Open Font License 1.1: static/vendor/pretendard-gov/"
    "LICENSE.txt. Built by scripts/build_css.py. */\n"
)


class Used:
    """The words of the pages' sources, and the stems of the classes and elements a template
    completes from a variable (``outline--d{{ depth }}`` gives the class stem ``outline--d``,
    ``<h{{ level }}`` the element stem ``h`` for h1 to h6)."""

    def __init__(self, paths: list[Path]):
        self.words: set[str] = set()
        self.stems: set[str] = set()
        self.element_stems: set[str] = set()
        for path in paths:
            text = path.read_text(encoding="utf-8")
            self.words.update(re.findall(r"[A-Za-z0-9_-]+", text))
            self.element_stems.update(re.findall(r"<([A-Za-z][A-Za-z0-9]*)\{\{", text))
            for value in re.findall(r'class="([^"]*)"', text):
                self.stems.update(re.findall(r"([A-Za-z0-9_-]+)\{\{", value))

    def has_class(self, name: str) -> bool:
        return name in self.words or any(name.startswith(stem) for stem in self.stems)

    def has(self, name: str) -> bool:
        return name in self.words

    def has_element(self, name: str) -> bool:
        return (
            name in self.words
            or name in IMPLIED_ELEMENTS
            # <h{{ level }}> is a heading: the stem and a number, not every name after "h".
            or any(re.fullmatch(re.escape(stem) + r"\d", name) for stem in self.element_stems)
        )

    def has_attribute(self, content: list) -> bool:
        """Whether an attribute selector's name, and its value as its operator compares it,
        occur among the words: [type=search], [class^=swiper-button-]."""
        tokens = [t for t in content if t.type not in ("whitespace", "comment")]
        if not tokens or tokens[0].type != "ident" or not self.has(tokens[0].value):
            return False
        if len(tokens) < 3:
            return True
        operator, value = tokens[1].value, str(tokens[2].value)
        compare = {
            "=": str.__eq__, "~=": str.__eq__, "|=": str.startswith, "^=": str.startswith,
            "$=": str.endswith, "*=": str.__contains__,
        }[operator]  # fmt: skip
        # [class^=x] matches a class a template completes from a variable whose stem fits.
        if tokens[0].value == "class" and operator in ("^=", "*=", "|="):
            stems = self.stems
        else:
            stems = set()
        return any(compare(word, value) for word in self.words) or any(
            value.startswith(stem) or stem.startswith(value) for stem in stems
        )


def parse(path: Path) -> list:
    return tinycss2.parse_stylesheet(
        path.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
    )


def inline_imports(rules: list, base: Path) -> list[tuple[object, Path]]:
    """The rules of a stylesheet with each @import replaced by the imported file's rules, each
    paired with the file it came from (its url()s are relative to that file)."""
    out = []
    for rule in rules:
        if rule.type == "at-rule" and rule.lower_at_keyword == "import":
            target = next(t for t in rule.prelude if t.type in ("string", "url"))
            path = (base.parent / target.value).resolve()
            out.extend(inline_imports(parse(path), path))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "charset":
            continue
        else:
            out.append((rule, base))
    return out


def split_selectors(prelude: list) -> list[list]:
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    return [s for s in selectors if any(t.type not in ("whitespace", "comment") for t in s)]


def selector_can_match(tokens: list, used: Used) -> bool:
    previous = None
    for token in tokens:
        if token.type == "function":
            # :not(...), :nth-child(...): the argument names nothing the page must have.
            previous = token
            continue
        if token.type == "[] block":
            if not used.has_attribute(token.content):
                return False
        elif token.type == "hash":
            if not used.has(token.value):
                return False
        elif token.type == "ident":
            if previous is not None and _is_literal(previous, "."):
                if not used.has_class(token.value):
                    return False
            elif previous is not None and _is_literal(previous, ":"):
                pass  # a pseudo-class or pseudo-element
            elif not used.has_element(token.value.lower()):
                return False  # an element
        previous = token
    return True


def _is_literal(token, value: str) -> bool:
    return token.type == "literal" and token.value == value


def compact(tokens: list) -> str:
    """Serialised tokens with runs of whitespace as one space, and none around , > + ~."""
    text = re.sub(r"\s+", " ", tinycss2.serialize(tokens)).strip()
    return re.sub(r"\s*([,>+~])\s*", r"\1", text)


def declarations(block: list) -> list:
    return [
        d
        for d in tinycss2.parse_blocks_contents(block, skip_comments=True, skip_whitespace=True)
        if d.type == "declaration"
    ]


def value_text(declaration, rebase) -> str:
    tokens = [rebase(t) for t in declaration.value]
    text = tinycss2.serialize(tokens).strip()
    text = re.sub(r"\s+", " ", text)
    important = "!important" if declaration.important else ""
    return f"{declaration.name}:{text}{important}"


def var_names(text: str) -> set[str]:
    return set(re.findall(r"var\(\s*(--[A-Za-z0-9_-]+)", text))


def url_rebaser(source: Path):
    def rebase(token):
        if token.type == "url" or (
            token.type == "function" and token.lower_name == "url" and token.arguments
        ):
            value = token.value if token.type == "url" else token.arguments[0].value
            if value.startswith(("data:", "http:", "https:", "/")):
                return token
            target = (source.parent / value).resolve().relative_to(STATIC)
            relative = _relative(PurePosixPath(target.as_posix()), PurePosixPath("build"))
            return tinycss2.ast.URLToken(token.source_line, token.source_column, relative,
                                         f"url({relative})")  # fmt: skip
        return token

    return rebase


def _relative(target: PurePosixPath, directory: PurePosixPath) -> str:
    ups = len(directory.parts)
    return "/".join([".."] * ups + list(target.parts))


def purge(rules: list[tuple[object, Path]], used: Used) -> list[tuple]:
    """The rules whose selectors can match, with only those selectors, as items:
    ("rule", selectors, [(property, "property:value"), ...]), ("group", "@media ...", items) or
    ("keyframes", "@keyframes name", body)."""
    kept = []
    for rule, source in rules:
        if rule.type == "qualified-rule":
            selectors = [s for s in split_selectors(rule.prelude) if selector_can_match(s, used)]
            if selectors:
                rebase = url_rebaser(source)
                body = [(d.name, value_text(d, rebase)) for d in declarations(rule.content)]
                kept.append(("rule", ",".join(compact(s) for s in selectors), body))
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports"):
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            children = purge([(r, source) for r in inner], used)
            if children:
                kept.append(("group", f"@{rule.at_keyword} {compact(rule.prelude)}", children))
        elif rule.type == "at-rule" and rule.lower_at_keyword == "keyframes":
            body = re.sub(r"\s+", " ", tinycss2.serialize(rule.content)).strip()
            kept.append(("keyframes", f"@keyframes {compact(rule.prelude)}", body))
        elif rule.type == "at-rule":
            raise SystemExit(f"build_css: @{rule.at_keyword} in {source} is not handled")
    return kept


def referenced(items: list[tuple], into: set[str]) -> None:
    """Custom properties and animations the kept rules read (outside token definitions)."""
    for kind, _, body in items:
        if kind == "group":
            referenced(body, into)
        elif kind == "rule":
            for name, text in body:
                if not name.startswith("--"):
                    into.update(var_names(text))
                    into.update(re.findall(r"animation(?:-name)?:\s*([A-Za-z0-9_-]+)", text))


def definitions(items: list[tuple], into: dict[str, set[str]]) -> None:
    """For each custom property, the custom properties its value reads (any of its rules)."""
    for kind, _, body in items:
        if kind == "group":
            definitions(body, into)
        elif kind == "rule":
            for name, text in body:
                if name.startswith("--"):
                    into.setdefault(name, set()).update(var_names(text))


def prune(items: list[tuple], needed: set[str]) -> list[tuple]:
    """The items without the custom properties nothing reads and the keyframes nothing runs;
    a rule or group left empty goes too."""
    out = []
    for kind, prelude, body in items:
        if kind == "keyframes":
            if prelude.removeprefix("@keyframes ") in needed:
                out.append((kind, prelude, body))
        elif kind == "group":
            children = prune(body, needed)
            if children:
                out.append((kind, prelude, children))
        else:
            kept = [(n, t) for n, t in body if not n.startswith("--") or n in needed]
            if kept:
                out.append((kind, prelude, kept))
    return out


def serialise(items: list[tuple]) -> str:
    lines = []
    for kind, prelude, body in items:
        if kind == "keyframes":
            lines.append(f"{prelude}{{{body}}}")
        elif kind == "group":
            lines.append(f"{prelude}{{\n{serialise(body)}}}")
        else:
            lines.append(f"{prelude}{{{';'.join(text for _, text in body)}}}")
    return "".join(line + "\n" for line in lines)


def build_krds(used: Used) -> str:
    kept = purge(inline_imports(parse(KRDS), KRDS), used)
    needed: set[str] = set()
    referenced(kept, needed)
    for path in PORTAL_CSS:
        needed.update(var_names(path.read_text(encoding="utf-8")))
    graph: dict[str, set[str]] = {}
    definitions(kept, graph)
    pending = list(needed)
    while pending:  # a token read by a token read by a rule is needed too
        for name in graph.get(pending.pop(), ()):
            if name not in needed:
                needed.add(name)
                pending.append(name)
    return KRDS_LICENCE + serialise(prune(kept, needed))


def build_font() -> str:
    faces = []
    for rule in parse(FONT):
        if rule.type != "at-rule" or rule.lower_at_keyword != "font-face":
            raise SystemExit(f"build_css: {FONT} has a rule other than @font-face")
        rebase = url_rebaser(FONT)
        body = [value_text(d, rebase) for d in declarations(rule.content)]
        source = next(text for text in body if text.startswith("src:"))
        weight = next(text for text in body if text.startswith("font-weight:"))
        if weight.removeprefix("font-weight:") not in WEIGHTS:
            continue
        slice_number = int(re.search(r"\.subset\.(\d+)\.woff2", source).group(1))
        faces.append((slice_number, weight, "@font-face{" + ";".join(body) + "}"))
    faces.sort()
    return FONT_LICENCE + "".join(face + "\n" for _, _, face in faces)


def build_portal() -> str:
    return "/* The portal's own rules: static/css/portal.css. */\n" + PORTAL_CSS[0].read_text(
        encoding="utf-8"
    )


def outputs() -> dict[Path, str]:
    used = Used(CONTENT)
    return {BUILD / "site.css": build_font() + build_krds(used) + build_portal()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether it is current")
    args = parser.parse_args()
    stale = []
    for path, text in outputs().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path.relative_to(ROOT))
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'out of date' if args.check else 'written'}: {path}")
    if args.check and stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
