"""Does a factorization model answer 2m through m? (docs/results.md, "Time to accuracy", round 5.)

Draws 1,500 odd composites m < 2^15 whose smallest prime factor is 7 or more (base 30 does not show it), writes m and
2m for `neuralmath predict --json --beams 2`, then counts how often 2m is answered right when m is and when it is not,
by whether m is a training number of our split (SplitRule(42, 0.05, 0.05)).
Run:  python3 composition.py inputs > inputs.txt
      neuralmath predict --model MODEL --json --beams 2 < inputs.txt > predictions.jsonl
      python3 composition.py analyse predictions.jsonl
"""
import collections, json, random, sys
from ceilings_split import split_of

def smallest_factor(n):
    return next((p for p in range(2, int(n ** 0.5) + 1) if n % p == 0), n)

if sys.argv[1] == "inputs":
    random.seed(7)
    ms = [m for m in range(49, 1 << 15) if smallest_factor(m) >= 7 and smallest_factor(m) != m]
    random.shuffle(ms)
    for m in sorted(ms[:1500]):
        print(m)
        print(2 * m)
else:
    rows = [json.loads(line) for line in open(sys.argv[2])]
    right = {int(r["input"]): r["verified"] is not None for r in rows}
    ms = [int(r["input"]) for r in rows[0::2]]
    counts = collections.Counter((split_of(m) == "train", right[m], right[2 * m]) for m in ms)
    for train in (True, False):
        for known in (True, False):
            yes, no = counts[(train, known, True)], counts[(train, known, False)]
            share = f"{yes / (yes + no):.3f}" if yes + no else "n/a"
            print(f"m {'trained on' if train else 'held out'}, m {'right' if known else 'wrong'}: {yes + no} pairs, 2m right {share}")
    print(f"m right {sum(right[m] for m in ms) / len(ms):.3f}, 2m right {sum(right[2 * m] for m in ms) / len(ms):.3f}")
    for name, part in [("m < 8,192", [m for m in ms if m < 8192]), ("m >= 8,192", [m for m in ms if m >= 8192])]:
        print(f"{name}: {len(part)} numbers, m right {sum(right[m] for m in part) / len(part):.3f}, 2m right {sum(right[2 * m] for m in part) / len(part):.3f}")
