"""Groups a flat `perf report` of a training process into where the time goes (docs/benchmarks.md, "Where a training
step's time goes"). Input: perf report --no-children --sort dso,symbol -g none --percent-limit 0.01 > flat.txt
Run: python3 classify_perf.py flat.txt"""
import collections
import re
import sys

def category(dso, sym):
    low = sym.lower()
    if "gemm" in low:
        # MKL's sgemm: the multiply kernel itself, and the packing/scaling of operands around it.
        return "matrix products: MKL sgemm multiply kernel" if "kernel" in low else "matrix products: MKL operand packing and scaling"
    if "gomp" in dso:
        return "OpenMP runtime (libgomp): threads waiting at the start and end of parallel regions"
    if "softmax" in low:
        return "softmax, forward and backward"
    if any(k in sym for k in ("mul_kernel", "add_kernel", "div_", "sub_kernel", "fill_kernel", "where_kernel")):
        return "elementwise arithmetic"
    if any(k in low for k in ("layernorm", "rowwisemoments", "reduce", "sum<", "_sum", "norm")):
        return "layer norm and reductions"
    if "random" in low or "bernoulli" in low:
        return "random numbers (libtorch's generator: attention dropout)"
    if "copy" in low:
        return "copies (contiguous, transposes)"
    if "coreclr" in dso or dso.endswith(".dll") or "jit" in dso.lower() or dso.startswith("perf-") or dso.startswith("[unknown"):
        return ".NET runtime and managed code"
    if dso.startswith("libc.") or "malloc" in low or "memmove" in low or "memcpy" in low:
        return "libc: malloc, free, memcpy"
    if dso.startswith("libtorch"):
        return "other libtorch (dispatch, TensorIterator loops, autograd bookkeeping)"
    if dso.startswith("[kernel"):
        return "operating system kernel"
    return "other: " + dso

totals = collections.Counter()
for line in open(sys.argv[1]):
    m = re.match(r"\s*([\d.]+)%\s+(\S+)\s+\[.\]\s+(.*)", line)
    if m:
        totals[category(m.group(2), m.group(3).strip())] += float(m.group(1))
for name, share in totals.most_common():
    print(f"{share:6.2f}%  {name}")
print(f"{sum(totals.values()):6.2f}%  total")
