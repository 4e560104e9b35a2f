"""Accuracy ceilings for factorization of n < 2^16 (docs/results.md, "Time to accuracy", round 5).

A model that has learnt to divide out the primes of a set P (the ones the base shows), and to answer a prime with
itself, factors n exactly when the cofactor left after dividing out P is 1 or a prime ("strip only"). If it has also
memorised the factorization of every training number, it also factors n whenever dividing out primes of P one at a
time reaches a training number ("with memorised cofactors"). Both are counted exactly over NeuralMath's own split
(SplitRule(42, 0.05, 0.05), the split of configs/factorization-2p16-*.json) and the 2,048 out-of-sample numbers.
Run: python3 ceilings.py
"""
from ceilings_split import smallest_prime_factors, split_of

MAX, OOS = 1 << 16, 2048
limit = MAX + OOS
spf = smallest_prime_factors(limit)

train = {n for n in range(2, MAX) if split_of(n) == "train"}
sets = {"test": [n for n in range(2, MAX) if split_of(n) == "test"], "out of sample": list(range(MAX, MAX + OOS))}

def strip_only(n, primes):
    for p in primes:
        while n % p == 0:
            n //= p
    return n == 1 or spf[n] == n

def with_memory(n, primes):
    if strip_only(n, primes):
        return True
    for p in primes:
        while n % p == 0:
            n //= p
            if n in train:
                return True
    return False

print(f"train {len(train)}, test {len(sets['test'])}, out of sample {OOS}")
for primes in [(2, 3, 5), (2, 3, 5, 7)]:
    for name, numbers in sets.items():
        a = sum(strip_only(n, primes) for n in numbers) / len(numbers)
        b = sum(with_memory(n, primes) for n in numbers) / len(numbers)
        print(f"P={primes} {name}: strip only {a:.3f}, with memorised cofactors {b:.3f}")
