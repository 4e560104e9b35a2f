"""NeuralMath's seeded split (Data/SplitRule.cs, SplitMix64) and a smallest-prime-factor sieve, for the time-to-accuracy scripts."""
M64 = (1 << 64) - 1
GAMMA = 0x9E3779B97F4A7C15

def mix(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)

def split_of(n, seed=42, validation=0.05, test=0.05):
    u = (mix((mix(seed) + n * GAMMA) & M64) >> 11) * (1.0 / (1 << 53))
    return "validation" if u < validation else "test" if u < validation + test else "train"


def smallest_prime_factors(limit):
    """spf[n] = the smallest prime factor of n, for 2 <= n < limit (spf[n] == n for primes)."""
    spf = list(range(limit))
    for i in range(2, int(limit ** 0.5) + 1):
        if spf[i] == i:
            for j in range(i * i, limit, i):
                if spf[j] == j:
                    spf[j] = i
    return spf
