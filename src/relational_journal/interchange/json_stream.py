"""Reading a JSON export as a stream: one value at a time, never the whole file in memory."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

from relational_journal.errors import ImportFileError

CHUNK = 1 << 20  # characters read at a time: big enough that reading costs nothing
_SPACE = re.compile(r"[ \t\n\r]*")


class JsonStream:
    """One JSON document read from a binary file a chunk at a time.

    The caller walks the top-level object key by key and takes each value whole,
    except an array it wants element by element (the entries). Only the text not
    yet decoded stays in memory, so a file of any size costs about one chunk.
    Errors are ImportFileError with the line and column, as for a whole file.
    """

    def __init__(self, file: BinaryIO, name: str, chunk: int | None = None) -> None:
        self.file, self.name, self.chunk = file, name, chunk or CHUNK
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()
        self.scan = json.JSONDecoder().raw_decode
        self.buf = ""
        self.pos = 0
        self.eof = False
        self.bytes_read = 0
        self.lines = 0  # line breaks in the text already let go, for error messages
        self.column = 0  # characters after the last of them

    def _more(self, at_least: int = 0) -> bool:
        """Let go of the text already taken and add the next chunk; False at the end."""
        if self.eof:
            return False
        buf, pos = self.buf, self.pos
        if pos:
            breaks = buf.count("\n", 0, pos)
            if breaks:
                self.lines += breaks
                self.column = pos - buf.rfind("\n", 0, pos) - 1
            else:
                self.column += pos
            buf, self.pos = buf[pos:], 0
        raw = self.file.read(max(self.chunk, at_least))
        start = self.bytes_read - len(self.decoder.getstate()[0])
        try:
            text = self.decoder.decode(raw, final=not raw)
        except UnicodeDecodeError as exc:
            raise ImportFileError(
                f"{self.name} is not UTF-8 text (byte {start + exc.start})"
            ) from None
        self.bytes_read += len(raw)
        self.eof = not raw
        self.buf = buf + text if buf else text
        return True

    def peek(self) -> str:
        """The next character that is not white space, left in place ('' at the end)."""
        while True:
            match = _SPACE.match(self.buf, self.pos)
            self.pos = match.end() if match else self.pos
            if self.pos < len(self.buf):
                return self.buf[self.pos]
            if not self._more():
                return ""

    def _take(self, char: str) -> bool:
        if self.peek() == char:
            self.pos += 1
            return True
        return False

    def value(self) -> Any:
        """The next value, whole."""
        self.peek()
        while True:
            try:
                value, end = self.scan(self.buf, self.pos)
            except json.JSONDecodeError as exc:
                # Cut off by the end of the chunk: read on (at least as much again, so
                # one huge value costs linear time) and decode it again.
                cut = exc.pos >= len(self.buf) - 8 or exc.msg.startswith("Unterminated")
                if cut and self._more(len(self.buf) - self.pos):
                    continue
                raise self._invalid(exc.msg, exc.pos) from None
            except RecursionError:
                raise ImportFileError(f"{self.name} is nested too deeply to be an export") from None
            if end == len(self.buf) and self._more(len(self.buf) - self.pos):
                continue  # a number or word may go on in the next chunk
            self.pos = end
            return value

    def items(self) -> Iterator[Any]:
        """The elements of the array that comes next, one at a time."""
        if not self._take("["):
            raise self._invalid("Expecting '['", self.pos)
        if self._take("]"):
            return
        while True:
            yield self.value()
            if self._take(","):
                continue
            if self._take("]"):
                return
            raise self._invalid("Expecting ',' delimiter", self.pos)

    def keys(self) -> Iterator[str]:
        """The keys of the object that comes next; the caller takes each key's value."""
        if not self._take("{"):
            raise self._invalid("Expecting '{'", self.pos)
        if self._take("}"):
            return
        while True:
            if self.peek() != '"':
                raise self._invalid("Expecting property name enclosed in double quotes", self.pos)
            key = self.value()
            if not self._take(":"):
                raise self._invalid("Expecting ':' delimiter", self.pos)
            yield key
            if self._take(","):
                continue
            if self._take("}"):
                return
            raise self._invalid("Expecting ',' delimiter", self.pos)

    def skip(self) -> None:
        """Pass over the next value; an array element by element."""
        if self.peek() == "[":
            for _ in self.items():
                pass
        else:
            self.value()

    def end(self) -> None:
        """Check nothing but white space follows the document."""
        if self.peek():
            raise self._invalid("Extra data", self.pos)

    def _invalid(self, problem: str, pos: int) -> ImportFileError:
        line = self.buf.count("\n", 0, pos)
        column = pos - self.buf.rfind("\n", 0, pos) if line else self.column + pos + 1
        return ImportFileError(
            f"{self.name} is not valid JSON "
            f"(line {self.lines + line + 1}, column {column}: {problem})"
        )
