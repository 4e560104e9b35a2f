# The two-set sampler before session 9 overwrote the last round(0.25 x 64) = 16 slots of every stream batch with
# subset draws. Stream batches are cut from pools of 50 x 64 inputs sorted by (target length, source length), so the
# overwritten inputs were the longest of each batch. This simulates three epochs of that stream for factorization
# n < 2^16 in base 30 (Python's RNG and a 90% training share instead of the C# seeded split; the ordering rule is
# the C# one) and prints how often inputs were dropped, by source digits, target length and size.
# Output (session 9): old_sampler_bias.txt.
import random
def digits(n,b=30):
    c=0
    while True:
        c+=1; n//=b
        if n==0: return c
def factors(n):
    f=[];d=2
    while d*d<=n:
        while n%d==0: f.append(d); n//=d
        d+=1
    if n>1: f.append(n)
    return f
random.seed(1)
nums=[n for n in range(2,65536) if random.random()<0.9]
src={n:digits(n) for n in nums}
tgt={n:sum(digits(p) for p in factors(n))+len(factors(n))-1+2 for n in nums}
import collections
drop=collections.Counter(); seen=collections.Counter()
for ep in range(3):
    order=nums[:]; random.shuffle(order)
    for s in range(0,len(order),3200):
        pool=sorted(order[s:s+3200], key=lambda n:(tgt[n],src[n]))
        for k in range(0,len(pool),64):
            b=pool[k:k+64]
            slots=round(0.25*len(b))
            for n in b: seen[n]+=1
            for n in b[len(b)-slots:]: drop[n]+=1
def rate(keyf):
    d=collections.Counter(); t=collections.Counter()
    for n in nums: d[keyf(n)]+=drop[n]; t[keyf(n)]+=seen[n]
    return {k:(round(d[k]/t[k],3),t[k]//3) for k in sorted(t)}
print('by source digits', rate(lambda n:src[n]))
print('by target length', rate(lambda n:tgt[n]))
print('by size', rate(lambda n: 'lt8192' if n<8192 else ('lt32768' if n<32768 else 'ge32768')))
print('never kept in 3 epochs', sum(1 for n in nums if drop[n]==3))
