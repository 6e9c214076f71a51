"""An offline CAPTCHA: a small arithmetic question drawn as SVG paths, generated here, no third-party service.

The answer is kept in the cache under a random id (10 minutes, one use). Text is drawn as strokes from a
built-in seven-segment font with jitter, so the SVG holds no characters to copy; it is an obstacle for casual
scripts, not a defence on its own — the per-client rate limits (``portal.ratelimit``) bound what any script gets.
"""

import secrets

from django.core.cache import cache
from django.utils.html import escape

TTL = 600
PREFIX = "portal:captcha:"
# seven segments a..g: top, top-right, bottom-right, bottom, bottom-left, top-left, middle
SEGMENTS = {
    "0": "abcdef", "1": "bc", "2": "abged", "3": "abgcd", "4": "fgbc", "5": "afgcd", "6": "afgedc",
    "7": "abc", "8": "abcdefg", "9": "abcfgd", "+": "", "-": "g", "=": "",
}  # fmt: skip
_SEG_LINES = {
    "a": ((0, 0), (1, 0)), "b": ((1, 0), (1, 1)), "c": ((1, 1), (1, 2)), "d": ((0, 2), (1, 2)),
    "e": ((0, 1), (0, 2)), "f": ((0, 0), (0, 1)), "g": ((0, 1), (1, 1)),
}  # fmt: skip


def _jitter(rng, value, spread=1.6):
    return value + (rng.randrange(int(spread * 20) + 1) / 10 - spread)


def _glyph(rng, char: str, x: float, y: float, w=14, h=16) -> list[str]:
    lines = [_SEG_LINES[s] for s in SEGMENTS.get(char, "")]
    if char == "+":
        lines = [((0.5, 0.5), (0.5, 1.5)), ((0, 1), (1, 1))]
    if char == "=":
        lines = [((0, 0.7), (1, 0.7)), ((0, 1.3), (1, 1.3))]
    paths = []
    for (x1, y1), (x2, y2) in lines:
        ax, ay = _jitter(rng, x + x1 * w), _jitter(rng, y + y1 * h)
        bx, by = _jitter(rng, x + x2 * w), _jitter(rng, y + y2 * h)
        paths.append(f"M{ax:.1f} {ay:.1f}L{bx:.1f} {by:.1f}")
    return paths


def render_svg(question: str, title: str) -> str:
    rng = secrets.SystemRandom()
    x, paths = 8.0, []
    for char in question:
        paths += _glyph(rng, char, x, 8 + rng.randrange(6))
        x += 24
    noise = [
        f"M{rng.randrange(int(x)):d} {rng.randrange(44):d}L{rng.randrange(int(x)):d} {rng.randrange(44):d}"
        for _ in range(4)
    ]
    width = int(x) + 4
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 48" width="{width * 2}" height="96" '
        f'role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
        f'<path d="{" ".join(noise)}" stroke="#8a8f98" stroke-width="1" fill="none"/>'
        f'<path d="{" ".join(paths)}" stroke="#1a1a1a" stroke-width="2.6" stroke-linecap="round" fill="none"/>'
        "</svg>"
    )


def new_challenge() -> tuple[str, str]:
    """A fresh (id, svg) pair; the answer stays in the cache."""
    rng = secrets.SystemRandom()
    a, b = rng.randint(10, 49), rng.randint(1, 9)
    if rng.randrange(2):
        question, answer = f"{a}+{b}=", a + b
    else:
        question, answer = f"{a}-{b}=", a - b
    challenge_id = secrets.token_urlsafe(16)
    cache.set(PREFIX + challenge_id, str(answer), TTL)
    return challenge_id, render_svg(question, "验证码图片：请计算图中算式的结果")


def check(challenge_id: str, answer: str) -> bool:
    """True once for the right answer; the challenge is used up either way."""
    if not challenge_id or len(challenge_id) > 64:
        return False
    key = PREFIX + challenge_id
    expected = cache.get(key)
    cache.delete(key)
    return expected is not None and secrets.compare_digest(expected, (answer or "").strip())
