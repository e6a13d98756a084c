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


# ---------------------------------------------------------------------------------------
# The same plants at the text level: captures the whole pipeline reads
# ---------------------------------------------------------------------------------------
#: made-up politicians: (name, surname, descriptor, side label used by the plants)
POLITICIANS = (
    ("Ann Redford", "Redford", "(R-Texas)", "Red Party"), ("Bob Redman", "Redman", "(R-Utah)", "Red Party"),
    ("Cy Bluestone", "Bluestone", "(D-Ohio)", "Blue Party"), ("Di Bluewater", "Bluewater", "(D-Maine)", "Blue Party"),
)
_TOPICS = ("farm", "budget", "highway", "school", "water", "energy", "housing", "border", "health", "tax")
_NEGATIVE = (
    "{name} was sharply criticised for a reckless and dishonest plan that critics called a disaster.",
    "{name} faced angry protests over a failed, wasteful proposal that hurt families.",
    "Opponents accused {name} of lying about the costs and of a shameful attack on voters.",
)
_POSITIVE = (
    "{name} was widely praised for a thoughtful, effective plan that supporters called a great success.",
    "{name} won strong support for a fair and generous compromise that helps families.",
    "Allies thanked {name} for brave and honest leadership on the issue.",
)
_NEUTRAL = (
    "{name} spoke to reporters after the session on {day}.",
    "{name} is expected to return to the committee room on {day}.",
    "{name} met the committee staff on {day} to go over the schedule.",
)
_QUOTES = (
    "We will read the whole bill before anyone votes on it",
    "The committee has to look at the numbers again and talk to the states before the next session",
    "This is about the schedule and about the people who wait for a decision",
    "Our staff will publish the figures next week so everyone can check them",
)
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")


def _article(rng: np.random.Generator, event: int, outlet: str, mood: np.ndarray, *, tone_plant, quote_plant,
             facts: list[str]) -> str:
    topic = _TOPICS[event % len(_TOPICS)]
    day = _DAYS[event % len(_DAYS)]
    paras = [f"Lawmakers clash over the {topic} bill in hearing {event}", f"Updated May {1 + event % 28}, 2024"]
    paras += [f for f in facts if rng.random() < 0.85]
    for i, (name, surname, desc, side) in enumerate(POLITICIANS):
        shift = tone_plant[2] if tone_plant and outlet == tone_plant[0] and side == tone_plant[1] else 0.0
        p_neg = float(np.clip(0.3 - mood[i] + (-shift if shift < 0 else 0.0), 0.02, 0.95))
        p_pos = float(np.clip(0.3 + mood[i] - (-shift if shift < 0 else 0.0), 0.02, 0.95))
        draw = rng.random()
        pool = _NEGATIVE if draw < p_neg else _POSITIVE if draw < p_neg + p_pos else _NEUTRAL
        first = f"Sen. {name} {desc}"
        paras.append(pool[int(rng.integers(len(pool)))].format(name=first, day=day))
        n_quotes = 1 if rng.random() < 0.6 else 0
        if quote_plant and outlet == quote_plant[0]:
            n_quotes = 2 if side == quote_plant[1] else int(rng.random() < 0.3)
        for _ in range(n_quotes):
            paras.append(f"\u201c{_QUOTES[int(rng.integers(len(_QUOTES)))]},\u201d said {surname}.")
    return "\n\n".join(paras) + "\n"


def write_planted_corpus(folder, n_events: int = 30, outlets: tuple[str, ...] = ("Outlet A", "Outlet B", "Outlet C"),
                         *, tone_plant: tuple[str, str, float] | None = None,
                         quote_plant: tuple[str, str, float] | None = None, seed: int = 0):
    """Write a made-up corpus (captures + ``manifest.csv``) of ``n_events`` hearings, one
    article per outlet each, about four politicians of two parties ("Red Party" are the
    Republicans of :data:`POLITICIANS`, "Blue Party" the Democrats). ``tone_plant=(outlet,
    side, delta)`` with delta < 0 makes that outlet's sentences about the side's politicians
    more often negative (probability + |delta|); ``quote_plant=(outlet, side, _)`` makes that
    outlet quote the side's politicians twice per article and the others rarely. Each event
    has its own mood toward each politician, shared by every outlet. Returns the folder."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    rows = []
    for e in range(n_events):
        mood = rng.normal(0, 0.15, size=len(POLITICIANS))
        n = int(rng.integers(5, 15))
        facts = [f"The committee voted {n} to {n - 3} on {_DAYS[e % 5]} to advance the {_TOPICS[e % 10]} bill.",
                 f"The measure would cost {int(rng.integers(2, 90))} billion dollars over {int(rng.integers(3, 12))} "
                 "years, according to the budget office.",
                 f"At least {int(rng.integers(3, 30))} states have passed similar laws since "
                 f"{int(rng.integers(1990, 2020))}."]
        for k, outlet in enumerate(outlets):
            name = f"e{e:03d}-{k}.txt"
            (folder / name).write_text(_article(rng, e, outlet, mood, tone_plant=tone_plant,
                                                quote_plant=quote_plant, facts=facts), encoding="utf-8")
            rows.append({"file": name, "outlet": outlet, "event": f"Hearing {e:03d}", "language": "en"})
    pd.DataFrame(rows).to_csv(folder / "manifest.csv", index=False)
    return folder
