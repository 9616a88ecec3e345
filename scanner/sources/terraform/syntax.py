"""Parse HCL files with python-hcl2 into lark trees and read their block structure.

The evaluator works on the lark tree (``hcl2.parses_to_tree``) because it carries line numbers
and keeps expressions structured, so nothing is parsed twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import hcl2
from lark import Token, Tree
from lark.exceptions import UnexpectedInput


class HclSyntaxError(Exception):
    """A file that is not valid HCL. The message names file, line and column, never the text."""

    def __init__(self, file: str, line: int | None, column: int | None) -> None:
        where = f"line {line}, column {column}" if line else "unknown position"
        super().__init__(f"not valid HCL at {where}")
        self.file = file
        self.line = line
        self.column = column


@dataclass
class Block:
    """One HCL block: its type, labels, attributes (name → expression tree) and child blocks."""

    type: str
    labels: list[str]
    line: int
    file: str
    attributes: dict[str, Tree] = field(default_factory=dict)
    attribute_lines: dict[str, int] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    end_line: int = 0

    def child_blocks(self, block_type: str) -> list[Block]:
        """The nested blocks of ``block_type``."""
        return [b for b in self.blocks if b.type == block_type]


def parse_hcl(text: str, file: str) -> Tree:
    """Parse ``text`` to a lark tree, turning every parser failure into :class:`HclSyntaxError`."""
    try:
        return hcl2.parses_to_tree(text)
    except UnexpectedInput as exc:
        line, column = getattr(exc, "line", None), getattr(exc, "column", None)
        raise HclSyntaxError(file, line, column) from None
    except Exception:  # python-hcl2 raises a few other kinds on odd input
        raise HclSyntaxError(file, None, None) from None


def body_of(tree: Tree, file: str) -> Block:
    """The top-level body of a parsed file as a pseudo-block of type ``""``."""
    body = tree.children[0]
    root = Block(type="", labels=[], line=1, file=file)
    _fill(root, body, file)
    return root


def _fill(block: Block, body: Tree, file: str) -> None:
    for child in body.children:
        if not isinstance(child, Tree):
            continue
        if child.data == "attribute":
            name = _name(child.children[0])
            block.attributes[name] = child.children[-1]
            block.attribute_lines[name] = child.meta.line
        elif child.data == "block":
            block.blocks.append(_block(child, file))


def _block(tree: Tree, file: str) -> Block:
    labels: list[str] = []
    body: Tree | None = None
    for child in tree.children:
        if isinstance(child, Tree):
            if child.data == "body":
                body = child
            elif child.data == "string":
                labels.append(string_literal(child))
            elif child.data in ("identifier", "keyword", "literal_value"):
                labels.append(_name(child))
    block_type, labels = labels[0], labels[1:]
    block = Block(type=block_type, labels=labels, line=tree.meta.line, file=file,
                  end_line=tree.meta.end_line)
    if body is not None:
        _fill(block, body, file)
    return block


def _name(node: Tree | Token) -> str:
    if isinstance(node, Token):
        return str(node)
    return str(node.children[0])


def string_literal(node: Tree) -> str:
    """The text of a string node with no interpolation (block labels)."""
    return "".join(unescape(str(part.children[0])) for part in node.children
                   if isinstance(part, Tree) and part.data == "string_part"
                   and isinstance(part.children[0], Token))


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_ESCAPE_RE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)")


def unescape(text: str) -> str:
    """Resolve HCL string escapes and the ``$${`` / ``%%{`` literal markers."""
    def repl(match: re.Match[str]) -> str:
        seq = match.group(1)
        if seq[0] in "uU" and len(seq) > 1:
            return chr(int(seq[1:], 16))
        return _ESCAPES.get(seq, "\\" + seq)

    return _ESCAPE_RE.sub(repl, text).replace("$${", "${").replace("%%{", "%{")


def read_file_text(path: Path) -> str:
    """Read a Terraform file as UTF-8 (a byte-order mark is dropped)."""
    return path.read_text(encoding="utf-8-sig")
