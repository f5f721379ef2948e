#!/usr/bin/env python3
"""A ~1 MB 'realistic' JSON document, deterministic: an API response with a
page of user/event records (ids, names with accents and CJK, emails, prices,
coordinates, timestamps, tags, nested objects, nulls, free text with quotes,
newlines and the odd emoji), in the proportions of twitter.json-like data.

    python3 bench/json/gen_doc.py [--size BYTES] > doc.json
"""
import argparse
import json
import random

FIRST = ["Anna", "Jörg", "Zoë", "Li", "María", "Ahmed", "Olga", "Kenji", "Chloé", "Søren", "Ava", "Noah",
         "陈", "さくら", "Ιωάννης", "Дмитрий", "Fatima", "José", "Émile", "Ngozi"]
LAST = ["Smith", "Müller", "Dubois", "Wang", "García", "Khan", "Ivanova", "Tanaka", "Lefèvre", "Nielsen",
        "Brown", "O'Neil", "王", "佐藤", "Παπαδόπουλος", "Смирнов", "Okafor", "Silva", "Rossi", "Kowalski"]
WORDS = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore "
         "et dolore magna aliqua quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo "
         "consequat café naïve déjà vu über 東京 데이터 🚀 ✓ «quoted» \"really\" C:\\path\\to").split()
TAGS = ["news", "sports", "tech", "music", "travel", "food", "science", "art", "politics", "health"]


def text(rng, n):
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.2:
        words.insert(rng.randrange(len(words) + 1), "\n")
    return " ".join(words)


def record(rng, i):
    first, last = rng.choice(FIRST), rng.choice(LAST)
    return {
        "id": 1000000 + i * 7919,
        "id_str": str(1000000 + i * 7919),
        "created_at": "2024-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
            rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59),
            rng.randint(0, 59), rng.randint(0, 999)),
        "user": {
            "name": f"{first} {last}",
            "screen_name": f"{first.lower()}_{i}",
            "email": f"user{i}@example.com",
            "verified": rng.random() < 0.1,
            "followers_count": rng.randint(0, 5000000),
            "score": round(rng.uniform(0, 100), rng.choice([1, 2, 3])),
            "location": None if rng.random() < 0.3 else {
                "lat": round(rng.uniform(-90, 90), 6), "lon": round(rng.uniform(-180, 180), 6),
                "city": rng.choice(["Paris", "Zürich", "東京", "São Paulo", "New York", "Kraków"])},
        },
        "text": text(rng, rng.randint(5, 30)),
        "lang": rng.choice(["en", "fr", "de", "ja", "es"]),
        "tags": rng.sample(TAGS, rng.randint(0, 4)),
        "metrics": {"likes": rng.randint(0, 100000), "shares": rng.randint(0, 5000),
                    "ratio": rng.random(), "price": round(rng.uniform(0.5, 999.99), 2),
                    "delta": rng.choice([0.1, -0.25, 1e-05, 3.5e+20, rng.gauss(0, 1)])},
        "flags": [rng.random() < 0.5 for _ in range(rng.randint(0, 3))],
        "reply_to": None if rng.random() < 0.7 else 1000000 + rng.randrange(i + 1) * 7919,
        "entities": {"urls": [{"url": f"https://t.co/{rng.getrandbits(40):x}", "indices": [rng.randint(0, 50),
                                                                                           rng.randint(50, 100)]}
                              for _ in range(rng.randint(0, 2))]},
    }


def document(size):
    rng = random.Random(2024)
    doc = {"status": "ok", "page": 1, "next_cursor": "c2VjcmV0LWN1cnNvcg==", "results": []}
    n = 0
    while True:
        doc["results"].append(record(rng, n))
        n += 1
        if n % 50 == 0 and len(json.dumps(doc)) >= size:
            break
    doc["count"] = n
    return doc


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", type=int, default=1 << 20)
    a = ap.parse_args()
    print(json.dumps(document(a.size), ensure_ascii=False))
