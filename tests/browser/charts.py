"""Reading an ECharts chart (drawn as SVG) the way a person sees it."""


def drawn_text(page, selector: str) -> tuple[list[str], list[tuple[str, int, int]]]:
    """The chart's texts once it is drawn, and those that stick out of its box (with their
    left and right edges): cut off on the screen."""
    chart = page.locator(f"{selector}[data-ready=true]")
    chart.locator("svg").first.wait_for()
    box = chart.bounding_box()
    drawn = chart.locator("svg text").evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return [e.textContent, r.left, r.right]; })"
    )
    left_edge, right_edge = box["x"] - 0.5, box["x"] + box["width"] + 0.5
    outside = [
        (text, round(left), round(right))
        for text, left, right in drawn
        if left < left_edge or right > right_edge
    ]
    return [text for text, _, _ in drawn], outside
