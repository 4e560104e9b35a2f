"""Ceilings if only the hard training composites below a bound are memorised (docs/results.md, "Time to accuracy", round 6).

A model that divides out the primes of P (those the base shows) and answers primes factors n when the cofactor c left
after dividing out P is 1, a prime, or a memorised training number. Here only the "hard" training composites are
memorised: those whose smallest prime factor is not in P (so c = n), below a bound B. Counted exactly over
NeuralMath's split (SplitRule(42, 0.05, 0.05)) and the 2,048 out-of-sample numbers.
Run: python3 hard_ceilings.py   (from this folder; it imports ../round5/ceilings_split.py)
"""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "round5"))
from ceilings_split import smallest_prime_factors, split_of

MAX, OOS = 1 << 16, 2048
limit = MAX + OOS
spf = smallest_prime_factors(limit)
split = {n: split_of(n) for n in range(2, MAX)}
train = [n for n in split if split[n] == "train"]
test = [n for n in split if split[n] == "test"]
oos = list(range(MAX, MAX + OOS))

def core(n, primes):
    for p in primes:
        while n % p == 0:
            n //= p
    return n

for primes in [(2, 3, 5), (2, 3, 5, 7)]:
    hard = sorted(n for n in train if spf[n] not in primes and spf[n] != n)
    print(f"P={primes}: {len(hard)} hard training composites")
    for bound in [2048, 4096, 8192, 16384, 32768, 65536]:
        memorised = {n for n in hard if n < bound}
        ok = lambda n: (c := core(n, primes)) == 1 or spf[c] == c or c in memorised
        print(f"  below {bound}: {len(memorised)} memorised, test {sum(map(ok, test)) / len(test):.3f}, "
              f"out of sample {sum(map(ok, oos)) / len(oos):.3f}")
