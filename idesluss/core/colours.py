"""Colour contrast after WCAG 2.1 (relative luminance and contrast ratio)."""


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    hex_colour = hex_colour.lstrip("#")
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable_text_colour(background: str) -> str:
    """White or near-black, whichever contrasts more with the background."""
    white, black = "#FFFFFF", "#1B1F23"
    return (
        white if contrast_ratio(background, white) >= contrast_ratio(background, black) else black
    )
