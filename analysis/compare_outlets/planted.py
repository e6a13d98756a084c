"""Made-up multi-event corpora at the table level, with known differences planted, to check
that :func:`analysis.compare_outlets.compare_outlets` finds what is there and nothing else.

:func:`planted_tables` returns the tables :func:`~analysis.compare_outlets.compare_outlets`
reads (``articles, sentences, quotes, actors, actor_tone, frames``) for ``n_events`` events
each covered by every outlet (one article per outlet and event by default). Values have an
event effect shared by all outlets (some events are grimmer for everyone), an article effect
and noise, so pairing by event matters. Plants: ``tone_plant=(outlet, side, delta)`` shifts
that outlet's article tone toward every actor of ``side``; ``quote_plant=(outlet, side,
boost)`` multiplies the words that outlet quotes from ``side``'s speakers. Deterministic for
a given ``seed``; no text is generated (the text-level counterpart is
``scripts/validate_compare_outlets.py``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: the made-up cast: actor -> side
CAST = {"Ann Red": "Red Party", "Bob Red": "Red Party", "Cy Blue": "Blue Party", "Di Blue": "Blue Party",
        "Northland": "Northland"}
_TYPES = ("official", "expert", "organization")


def planted_tables(
    n_events: int = 30,
    outlets: tuple[str, ...] = ("Outlet A", "Outlet B", "Outlet C"),
    *,
    tone_plant: tuple[str, str, float] | None = None,
    quote_plant: tuple[str, str, float] | None = None,
    articles_per_outlet: int = 1,
    seed: int = 0,
) -> dict[str, pd.DataFrame]:
    """The tables of a made-up corpus with the given plants (module docstring)."""
    rng = np.random.default_rng(seed)
    actors = list(CAST)
    rows, sents, tones, quotes, frames = [], [], [], [], []
    for e in range(n_events):
        event = f"Event {e:03d}"
        event_tone = rng.normal(0, 0.25, size=len(actors))  # the event's own mood toward each actor
        event_mood = rng.normal(0, 0.2)
        for outlet in outlets:
            for k in range(articles_per_outlet):
                aid = f"{event}-{outlet}-{k}"
                rows.append({"article_id": aid, "outlet": outlet, "event": event, "language": "en"})
                base = rng.normal(0, 0.1)
                for s, value in enumerate(np.clip(event_mood + base + rng.normal(0, 0.3, size=8), -1, 1)):
                    sents.append({"article_id": aid, "sent_id": s, "text": f"Sentence {s} of {aid}.",
                                  "compound": float(value)})
                for i, actor in enumerate(actors):
                    tone = event_tone[i] + base + rng.normal(0, 0.25)
                    if tone_plant and outlet == tone_plant[0] and CAST[actor] == tone_plant[1]:
                        tone += tone_plant[2]
                    tones.append({"article_id": aid, "actor": actor, "tone": float(np.clip(tone, -1, 1))})
                for speaker, side in CAST.items():
                    words = float(rng.gamma(2.0, 15.0))
                    if quote_plant and outlet == quote_plant[0] and side == quote_plant[1]:
                        words *= quote_plant[2]
                    quotes.append({"article_id": aid, "outlet": outlet, "event": event, "canonical": speaker,
                                   "speaker": speaker, "affiliation": side, "words": int(round(words)),
                                   "source_type": _TYPES[int(rng.integers(len(_TYPES)))],
                                   "quote": f"Words of {speaker} in {aid}."})
                frames.append({"article_id": aid, "outlet": outlet, "conflict": bool(rng.random() < 0.5),
                               "economic": bool(rng.random() < 0.3)})
    cast = pd.DataFrame([{"event": f"Event {e:03d}", "actor": a, "kind": "person" if a != "Northland" else "place",
                          "aliases": a, "mentions": 3} for e in range(n_events) for a in actors])
    return {
        "articles": pd.DataFrame(rows), "sentences": pd.DataFrame(sents), "quotes": pd.DataFrame(quotes),
        "actors": cast, "actor_tone": pd.DataFrame(tones), "frames": pd.DataFrame(frames),
    }
