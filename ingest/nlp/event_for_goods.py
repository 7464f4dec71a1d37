"""Goods named by the weapon they serve ("ammunition for the HIMARS", "components for
medium-range ballistic missiles", "spare parts for T-72 tanks"): one item, written as the whole
phrase; the weapon after "for" is no item moved of its own."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc, Span

#: Head words of goods that serve another weapon.
SERVING_GOODS = {
    "ammunition", "munitions", "rounds", "cartridges", "shells", "projectiles", "warheads", "components",
    "parts", "spares", "magazines", "barrels", "spare", "kits", "mounts", "optics", "sights",
}  # fmt: skip


def goods_for_weapons(doc: Doc, raw: list[dict[str, Any]], weapons: Sequence[Span]) -> None:
    """Rewrite in place the item of each event in ``raw`` whose goods are followed by "for" and a
    weapon, and drop the same act's event on that weapon."""
    starting = {w.start: w for w in weapons}
    served: list[tuple[int, int]] = []  # (trigger, start of the weapon served)
    for ev in raw:
        goods = starting.get(ev.get("_item_start", -1))
        if goods is None or goods.root.lower_ not in SERVING_GOODS or goods.end + 1 >= len(doc):
            continue
        if doc[goods.end].lower_ != "for":
            continue
        k = goods.end + 1
        if doc[k].lower_ == "the":
            k += 1
        # the weapon may start after modifiers no rule took into its name ("High-Mobility Artillery
        # Rocket Systems" where only "Rocket Systems" is a mention)
        target = None
        for j in range(k, min(k + 5, goods.sent.end)):
            if j in starting:
                target = starting[j]
                break
            if doc[j].is_punct and doc[j].text != "-":
                break
        if target is None or target.sent != goods.sent or target.root.lower_ in SERVING_GOODS:
            continue
        first = next((t for t in goods if t.lower_ not in ("more", "additional", "further")), goods[0])
        end = target.end
        while end in starting and starting[end].root.lower_ not in SERVING_GOODS:
            served.append((ev["_trigger"], end))
            end = starting[end].end  # "Rocket" + "Systems": the model and its class
        ev["item"] = doc[first.i : end].text
        served.append((ev["_trigger"], target.start))
    if served:
        raw[:] = [ev for ev in raw if (ev.get("_trigger"), ev.get("_item_start")) not in served]
