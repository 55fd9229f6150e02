"""Streaming XML parsing with expat, safe for files from strangers.

A spreadsheet's parts are XML. They are parsed as a stream (never held whole), with no
document type declarations (so no entity expansion of any kind), and with a ceiling on the
bytes read, so a part that claims to be small but is not cannot run on.
"""

from __future__ import annotations

from typing import IO
from xml.parsers import expat

from ..problems import ProblemCode
from .model import WorkbookRefused

CHUNK = 64 * 1024


class Handler:
    """Base of the parsers' handlers: element start and end, and text, by qualified name
    ("{namespace}local" as ``ns + local``; see :func:`split`)."""

    def start(self, name: str, attributes: dict[str, str]) -> None:  # pragma: no cover - overridden
        pass

    def end(self, name: str) -> None:  # pragma: no cover - overridden
        pass

    def text(self, data: str) -> None:  # pragma: no cover - overridden
        pass


def split(name: str) -> tuple[str, str]:
    """Split expat's "namespace local" name into (namespace, local)."""
    namespace, _, local = name.rpartition(" ")
    return namespace, local


def _refuse_declarations(*_args) -> None:
    raise WorkbookRefused(ProblemCode.UNREADABLE, reason="XML with a document type declaration")


def parse(stream: IO[bytes], handler: Handler, limit: int, sheet: str = "") -> None:
    """Feed ``stream`` to ``handler`` in chunks.

    Parameters
    ----------
    stream : binary file
        An open zip member.
    handler : Handler
    limit : int
        Bytes after which the part is refused as too large.
    sheet : str
        The sheet being read, for the refusal's message.

    Raises
    ------
    WorkbookRefused
        For a part past ``limit``, malformed XML or a document type declaration; and
        whatever the handler raises.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.buffer_size = CHUNK
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.text
    parser.StartDoctypeDeclHandler = _refuse_declarations
    parser.EntityDeclHandler = _refuse_declarations
    read = 0
    try:
        while True:
            chunk = stream.read(CHUNK)
            read += len(chunk)
            if read > limit:
                raise WorkbookRefused(ProblemCode.SHEET_TOO_LARGE, sheet, size=read // 1024 // 1024,
                                      limit=limit // 1024 // 1024)
            parser.Parse(chunk, not chunk)
            if not chunk:
                break
    except expat.ExpatError as error:
        raise WorkbookRefused(ProblemCode.DAMAGED, sheet, part=f"XML: {expat.errors.messages[error.code]}") from None


__all__ = ["Handler", "parse", "split"]
