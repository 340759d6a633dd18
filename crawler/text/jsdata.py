"""Data written as a JavaScript expression, read without running it.

Server-rendered Nuxt 2 pages (telex.hu) carry their state as
``window.__NUXT__=(function(a,b,…){a.x=…;return {…}}("v",1,…))``: object and array
literals, strings, numbers and the function's parameters standing for repeated values,
plus a few ``param.key=value`` assignments before the ``return``. :func:`read_expression`
parses exactly that subset (and plain literals) into Python values and refuses anything
else with :class:`NotData`: no calls other than the one wrapping function, no operators
other than a minus sign on a number. Nothing is ever evaluated as code.

Bounded for untrusted pages: the text's length, the nesting depth and the number of
tokens are capped, so a hostile page costs a refusal, never the process. So is what the
value would be written out in full: a parameter stands for one object wherever it is
used, so a page can hold one long string and refer to it from 500 places, and whoever
walks the value renders it 500 times. Each reference is weighed as it is resolved (what
it stands for, written out, shared parts weighed once each) and the value is refused with
:class:`TooLarge` past ``MAX_EXPANDED`` characters.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

MAX_CHARS = 4_000_000  # a page is refused above EXTRACT_MAX_CHARS (3 M) anyway
MAX_DEPTH = 64  # real states nest about 10 deep
MAX_TOKENS = 2_000_000
MAX_INDEX_GAP = 1_000  # ``a[i]=…`` may grow an array by this much, not to a billion items
# Characters of the value written out in full, each reference counted where it is used. A
# real telex state writes out to 1-3.2 times its text (captures of 2021-2022), and a page
# is refused above 3 M characters anyway.
MAX_EXPANDED = 16_000_000


class NotData(ValueError):
    """The text is not a data expression of the supported subset (or is too big)."""


class TooLarge(NotData):
    """The value, written out in full, would be larger than ``MAX_EXPANDED``."""


_TOKEN = re.compile(
    r"""
    \s*(?:
        (?P<string>"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*')
      | (?P<number>0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
      | (?P<name>[A-Za-z_$][\w$]*)
      | (?P<punct>[{}()\[\]:,;.=\-])
    )
    """,
    re.VERBOSE,
)
_ESCAPE = re.compile(r"\\(u\{[0-9a-fA-F]{1,6}\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|\r\n|[\s\S])")
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_LINE_BREAKS = {"\n", "\r", "\r\n", "\u2028", "\u2029"}
_CONSTANTS: dict[str, Any] = {
    "true": True,
    "false": False,
    "null": None,
    "undefined": None,
    "NaN": math.nan,
    "Infinity": math.inf,
}


def read_expression(text: str) -> Any:
    """The value of a JavaScript data expression (see the module docstring)."""
    if len(text) > MAX_CHARS:
        raise NotData(f"{len(text)} characters")
    parser = _Parser(text)
    value = parser.top()
    parser.expect_end()
    return value


# --- syntax -----------------------------------------------------------------------------
# The expression is read into small nodes first: a parameter's value is known only after
# the arguments, which come last in the text.


@dataclass(frozen=True)
class _Ref:
    name: str


@dataclass(frozen=True)
class _Object:
    items: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class _Array:
    items: tuple[Any, ...]


@dataclass(frozen=True)
class _Assign:
    target: str
    path: tuple[Any, ...]  # keys: str, or nodes for ``[expression]``
    value: Any


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.tokens = 0
        self.depth = 0
        self.kind: str | None = None
        self.value = ""
        self._advance()

    # --- tokens -----------------------------------------------------------------------

    def _advance(self) -> None:
        self.tokens += 1
        if self.tokens > MAX_TOKENS:
            raise NotData("too many tokens")
        match = _TOKEN.match(self.text, self.pos)
        if match is None or match.lastgroup is None:
            rest = self.text[self.pos :]
            if rest.strip():
                raise NotData(f"unexpected text at {self.pos}: {rest.strip()[:20]!r}")
            self.kind, self.value, self.pos = None, "", len(self.text)
            return
        self.kind, self.value, self.pos = match.lastgroup, match.group(match.lastgroup), match.end()

    def _is(self, punct: str) -> bool:
        return self.kind == "punct" and self.value == punct

    def _take(self, punct: str) -> None:
        if not self._is(punct):
            raise NotData(f"expected {punct!r} at {self.pos}, found {self.value!r}")
        self._advance()

    def _name(self) -> str:
        if self.kind != "name":
            raise NotData(f"expected a name at {self.pos}, found {self.value!r}")
        name = self.value
        self._advance()
        return name

    def expect_end(self) -> None:
        while self._is(";"):
            self._advance()
        if self.kind is not None:
            raise NotData(f"unexpected {self.value!r} after the expression")

    # --- grammar ----------------------------------------------------------------------

    def top(self) -> Any:
        if self._is("(") and self._peek() == ("name", "function"):
            return self._call()
        return _evaluate(self._value(), {})

    def _peek(self) -> tuple[str | None, str]:
        """The token after the current one, without moving."""
        match = _TOKEN.match(self.text, self.pos)
        if match is None or match.lastgroup is None:
            return None, ""
        return match.lastgroup, match.group(match.lastgroup)

    def _call(self) -> Any:
        """``(function(p, …){stmt; …; return value}(arg, …))``, also with the arguments
        after the closing parenthesis: ``(function(){…})(…)``."""
        self._take("(")
        if self._name() != "function":
            raise NotData("expected a function")
        self._take("(")
        params: list[str] = []
        while not self._is(")"):
            params.append(self._name())
            if not self._is(")"):
                self._take(",")
        self._take(")")
        self._take("{")
        statements: list[_Assign] = []
        while not (self.kind == "name" and self.value == "return"):
            statements.append(self._assignment())
            if self._is(";") or self._is(","):
                self._advance()
        self._advance()
        result = self._value()
        while self._is(";"):
            self._advance()
        self._take("}")
        inner = not self._is(")")
        if not inner:
            self._take(")")
        self._take("(")
        args: list[Any] = []
        while not self._is(")"):
            args.append(self._value())
            if not self._is(")"):
                self._take(",")
        self._take(")")
        if inner:
            self._take(")")
        env = {name: _evaluate(arg, {}) for name, arg in zip(params, args, strict=False)}
        for name in params[len(args) :]:
            env[name] = None
        for statement in statements:
            _assign(statement, env)
        return _evaluate(result, env, _Expansion(MAX_EXPANDED))

    def _assignment(self) -> _Assign:
        target = self._name()
        path: list[Any] = []
        while self._is(".") or self._is("["):
            if self._is("."):
                self._advance()
                path.append(self._name())
            else:
                self._advance()
                path.append(self._value())
                self._take("]")
        if not path:
            raise NotData(f"assignment to a bare name {target!r}")
        self._take("=")
        return _Assign(target, tuple(path), self._value())

    def _value(self) -> Any:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise NotData("nested too deep")
        try:
            return self._value_inner()
        finally:
            self.depth -= 1

    def _value_inner(self) -> Any:
        kind, value = self.kind, self.value
        if kind == "string":
            self._advance()
            return _unquote(value)
        if kind == "number":
            self._advance()
            return _number(value)
        if kind == "punct" and value == "-":
            self._advance()
            if self.kind == "number":
                number = _number(self.value)
            elif self.kind == "name" and self.value == "Infinity":
                number = math.inf
            else:
                raise NotData("a minus sign before something other than a number")
            self._advance()
            return -number
        if kind == "punct" and value == "{":
            return self._object()
        if kind == "punct" and value == "[":
            return self._array()
        if kind == "name":
            self._advance()
            if value == "void":  # void 0: undefined
                if self.kind != "number":
                    raise NotData("void before something other than a number")
                self._advance()
                return None
            if value in _CONSTANTS:
                return _CONSTANTS[value]
            if value == "new" or self._is("(") or self._is("."):
                raise NotData(f"code, not data, at {self.pos}")
            return _Ref(value)
        raise NotData(f"unexpected {value!r} at {self.pos}")

    def _object(self) -> _Object:
        self._take("{")
        items: list[tuple[str, Any]] = []
        while not self._is("}"):
            if self.kind == "string":
                key = _unquote(self.value)
            elif self.kind == "number":
                key = _key_of_number(_number(self.value))
            elif self.kind == "name":
                key = self.value
            else:
                raise NotData(f"unexpected object key {self.value!r}")
            self._advance()
            self._take(":")
            items.append((key, self._value()))
            if not self._is("}"):
                self._take(",")
        self._take("}")
        return _Object(tuple(items))

    def _array(self) -> _Array:
        self._take("[")
        items: list[Any] = []
        while not self._is("]"):
            if self._is(","):  # a hole: [a,,b]
                items.append(None)
                self._advance()
                continue
            items.append(self._value())
            if not self._is("]"):
                self._take(",")
        self._take("]")
        return _Array(tuple(items))


# --- values -----------------------------------------------------------------------------


def _evaluate(node: Any, env: dict[str, Any], expansion: _Expansion | None = None) -> Any:
    """Python values of a node: a fresh dict or list per literal, as JavaScript makes one
    object per literal; a parameter stands for the very object it was given (weighed by
    ``expansion``, when given, at each place it is used)."""
    if isinstance(node, _Ref):
        if node.name not in env:
            raise NotData(f"unknown name {node.name!r}")
        value = env[node.name]
        if expansion is not None:
            expansion.add(value)
        return value
    if isinstance(node, _Object):
        return {key: _evaluate(value, env, expansion) for key, value in node.items}
    if isinstance(node, _Array):
        return [_evaluate(value, env, expansion) for value in node.items]
    return node


class _Expansion:
    """The characters the references of one value stand for, written out in full."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.total = 0
        self.weights: dict[int, int] = {}  # id of a container -> its written-out size

    def add(self, value: Any) -> None:
        self.total += self.weight(value)
        if self.total > self.limit:
            raise TooLarge(f"more than {self.limit} characters once its references are expanded")

    def weight(self, root: Any) -> int:
        """``root`` written out: a container's entries each at their full size (a shared
        one at each place), a cycle closed by a reference of size 1. Iterative, memoized
        by object, and capped just past the limit (a chain of doublings stays small)."""
        if not isinstance(root, (dict, list)):
            return _scalar_weight(root)
        weights, cap = self.weights, self.limit + 1
        stack: list[tuple[Any, bool]] = [(root, False)]
        open_: set[int] = set()
        while stack:
            node, children_done = stack.pop()
            key = id(node)
            if key in weights:
                continue
            items = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
            if children_done:
                open_.discard(key)
                total = 2
                for name, child in items:
                    total += len(name) + 1 if isinstance(name, str) else 1
                    if isinstance(child, (dict, list)):
                        total += weights.get(id(child), 1)
                    else:
                        total += _scalar_weight(child)
                weights[key] = min(total, cap)
                continue
            if key in open_:
                continue
            open_.add(key)
            stack.append((node, True))
            stack.extend(
                (child, False)
                for _, child in items
                if isinstance(child, (dict, list))
                and id(child) not in weights
                and id(child) not in open_
            )
        return weights[id(root)]


def _scalar_weight(value: Any) -> int:
    return len(value) + 2 if isinstance(value, str) else 4


def _assign(statement: _Assign, env: dict[str, Any]) -> None:
    if statement.target not in env:
        raise NotData(f"assignment to unknown name {statement.target!r}")
    holder = env[statement.target]
    keys = [_evaluate(k, env) if not isinstance(k, str) else k for k in statement.path]
    for key in keys[:-1]:
        holder = _get(holder, key)
    _set(holder, keys[-1], _evaluate(statement.value, env))


def _get(holder: Any, key: Any) -> Any:
    if isinstance(holder, dict):
        return holder.get(_key_of(key))
    if isinstance(holder, list) and isinstance(key, (int, float)) and 0 <= key < len(holder):
        return holder[int(key)]
    raise NotData(f"cannot read {key!r} of {type(holder).__name__}")


def _set(holder: Any, key: Any, value: Any) -> None:
    if isinstance(holder, dict):
        holder[_key_of(key)] = value
        return
    if isinstance(holder, list) and isinstance(key, (int, float)) and key == int(key) >= 0:
        index = int(key)
        if index >= len(holder) + MAX_INDEX_GAP:
            raise NotData(f"array index {index} far past the end")
        holder.extend([None] * (index + 1 - len(holder)))
        holder[index] = value
        return
    raise NotData(f"cannot set {key!r} on {type(holder).__name__}")


def _key_of(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, (int, float)) and not isinstance(key, bool):
        return _key_of_number(key)
    raise NotData(f"unsupported key {key!r}")


def _key_of_number(number: float) -> str:
    return str(int(number)) if number == int(number) else repr(number)


def _number(token: str) -> int | float:
    if token[:2] in ("0x", "0X"):
        return int(token, 16)
    number = float(token)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def _unquote(token: str) -> str:
    body = token[1:-1]
    if "\\" not in body:
        return body
    text = _ESCAPE.sub(_unescape, body)
    if any("\ud800" <= ch <= "\udfff" for ch in text):
        # \uD83D\uDE00: a pair of UTF-16 halves is one character.
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text


def _unescape(match: re.Match[str]) -> str:
    code = match.group(1)
    if code in _LINE_BREAKS:  # a backslash before a line break continues the string
        return ""
    if code[0] == "u" and len(code) > 1:
        number = int(code[2:-1] if code[1] == "{" else code[1:], 16)
        return chr(number) if number <= 0x10FFFF else "\ufffd"
    if code[0] == "x" and len(code) == 3:
        return chr(int(code[1:], 16))
    return _SIMPLE_ESCAPES.get(code, code)
