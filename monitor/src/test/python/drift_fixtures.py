#!/usr/bin/python3
"""Writes the scipy answers the Java drift methods are checked against.

Run with Debian's Python (the one the peer scripts use, scipy 1.10.1 / numpy 1.24.2):

    /usr/bin/python3 monitor/src/test/python/drift_fixtures.py \
        monitor/src/test/resources/drift/scipy_fixtures.json

Everything is seeded; running it again writes the same file. Sections:
  ks        scipy.stats.ks_2samp(a, b) (two-sided, method 'auto') on pairs of samples that take
            the exact path (max size <= 10000; equal and unequal sizes, ties) and the asymptotic
            one (kstwo.sf at round(n1 n2 / (n1 + n2)) across its algorithms)
  kstwo     scipy.stats.kstwo.sf(d, n) on a grid of n and d covering every branch of kolmogn
  smirnov   scipy.special.smirnov(n, d)
  binned    PSI, Jensen-Shannon and Wasserstein exactly as drift_reference.py computes them
  chi2      scipy.stats.chisquare(observed, expected) under the bucket rule of ChiSquared.java,
            with the L-infinity distance of the raw shares
Samples are stored as {"values": [...]} or, when that is shorter, as distinct values and
their counts {"values": [...], "counts": [...]}: every statistic here depends on the multiset
only.
"""
import json
import sys
import warnings

import numpy as np
import scipy
from scipy import special, stats
from scipy.spatial import distance

SEED = 20240611
EPS = 1e-4
QS = np.linspace(0.1, 0.9, 9)


def raw(x):
    return {"values": [float(v) for v in x]}


def runs(x):
    v, c = np.unique(x, return_counts=True)
    return {"values": [float(a) for a in v], "counts": [int(a) for a in c]}


def enc(x):
    return runs(x) if len(np.unique(x)) * 2 < len(x) else raw(x)


def ks_case(name, a, b):
    r = stats.ks_2samp(a, b)
    path = "exact" if max(len(a), len(b)) <= 10000 else "asymp"
    return {"name": name, "path": path, "a": enc(a), "b": enc(b),
            "statistic": float(r.statistic), "pvalue": float(r.pvalue)}


def ks_cases(rng):
    out = []
    # exact, equal sizes: continuous and tied, with and without a shift
    for n in [1, 2, 3, 5, 8, 20, 64, 200, 777, 2000]:
        for shift in [0.0, 0.3, 1.5] if n < 2000 else [0.1]:
            a = np.round(rng.normal(size=n), 3 if n < 2000 else 2)
            b = np.round(rng.normal(loc=shift, size=n), 3 if n < 2000 else 2)
            out.append(ks_case(f"exact n={n} shift={shift}", a, b))
        a = rng.poisson(3.0, size=n).astype(float)
        b = rng.poisson(3.4, size=n).astype(float)
        out.append(ks_case(f"exact ties n={n}", a, b))
    # exact, unequal sizes
    pairs = [(1, 2), (2, 5), (3, 7), (10, 13), (25, 100), (37, 100), (100, 101), (500, 2000),
             (1234, 567), (2000, 1999), (7, 10000), (10000, 9999), (10000, 10000)]
    for n1, n2 in pairs:
        for shift in [0.0, 0.2]:
            a = np.round(rng.normal(size=n1), 2)
            b = np.round(rng.normal(loc=shift, size=n2), 2)
            out.append(ks_case(f"exact {n1}x{n2} shift={shift}", a, b))
        a = rng.binomial(8, 0.5, size=n1).astype(float)
        b = rng.binomial(8, 0.55, size=n2).astype(float)
        out.append(ks_case(f"exact ties {n1}x{n2}", a, b))
    # disjoint supports: the largest statistic, p underflows on large samples
    for n1, n2 in [(5, 5), (3, 8), (2000, 2000), (20000, 30)]:
        out.append(ks_case(f"disjoint {n1}x{n2}", np.zeros(n1), np.ones(n2)))
    # asymptotic: sizes give kstwo's n = 5, 50, 139, 2500, 8571; shifts walk d across branches
    for n1, n2 in [(10001, 5), (12000, 50), (20000, 140), (15000, 3000), (60000, 10000)]:
        for p_b in [0.5, 0.502, 0.51, 0.53, 0.56, 0.6, 0.7, 0.9]:
            a = rng.binomial(40, 0.5, size=n1).astype(float)
            b = rng.binomial(40, p_b, size=n2).astype(float)
            out.append(ks_case(f"asymp {n1}x{n2} p={p_b}", a, b))
        a = np.round(rng.uniform(size=n1), 2)
        b = np.round(rng.uniform(size=n2) * 0.999, 2)
        out.append(ks_case(f"asymp uniform {n1}x{n2}", a, b))
    return out


def kstwo_grid():
    rows = []
    for n in [1, 2, 3, 5, 10, 20, 50, 100, 139, 140, 141, 300, 1000, 2500, 8571, 20000,
              100000, 100001, 400000, 2000000]:
        xs = [0.4 / n, 0.5 / n, 0.7 / n, 1.0 / n, 1.3 / n, 2.5 / n, 0.3, 0.5, 0.6, 0.99,
              1 - 1.0 / n, 1 - 0.5 / n, 1.0]
        for z in [0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.8, 0.9, 1.0, 1.2, 1.4, 1.5, 2.0,
                  3.0, 5.0, 10.0, 13.5, 14.0]:
            xs.append(z / np.sqrt(n))
        for x in sorted(set(float(x) for x in xs if 0 < x <= 1)):
            rows.append([n, x, float(stats.kstwo.sf(x, n))])
    return rows


def smirnov_grid():
    rows = []
    for n in [1, 2, 5, 10, 100, 1000, 8571, 1000001]:
        for x in [0.0, 0.5 / n, 1.0 / n, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.999, 1.0]:
            if x <= 1:
                rows.append([n, float(x), float(special.smirnov(n, x))])
    return rows


def bin_props(b, c):
    edges = np.unique(np.quantile(b, QS))
    nb = len(edges) + 1
    pb = np.bincount(np.searchsorted(edges, b, side="left"), minlength=nb) / len(b)
    pc = np.bincount(np.searchsorted(edges, c, side="left"), minlength=nb) / len(c)
    return pb, pc


def binned_case(name, b, c):
    pb, pc = bin_props(b, c)
    psi = float(np.sum((np.where(pc == 0, EPS, pc) - np.where(pb == 0, EPS, pb))
                       * np.log(np.where(pc == 0, EPS, pc) / np.where(pb == 0, EPS, pb))))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        js = float(np.nan_to_num(distance.jensenshannon(pb, pc, base=2), nan=0.0))
    return {"name": name, "a": enc(b), "b": enc(c), "psi": psi, "js": js,
            "wasserstein": float(stats.wasserstein_distance(b, c))}


def binned_cases(rng):
    out = []
    for n1, n2 in [(1, 1), (2, 3), (11, 7), (10, 10), (100, 80), (1000, 999)]:
        out.append(binned_case(f"normal {n1}x{n2}", rng.normal(size=n1),
                               rng.normal(0.4, 1.2, size=n2)))
    out.append(binned_case("ties 0..5", rng.integers(0, 6, 500).astype(float),
                           rng.integers(0, 7, 300).astype(float)))
    pix_b = np.where(rng.uniform(size=2000) < 0.6, 0.0, np.round(rng.uniform(size=2000), 2))
    pix_c = np.where(rng.uniform(size=700) < 0.4, 0.0, np.round(rng.uniform(size=700), 2))
    out.append(binned_case("pixel-like zeros", pix_b, pix_c))
    out.append(binned_case("negative", -np.exp(rng.normal(size=300)), -np.exp(rng.normal(size=200))))
    out.append(binned_case("constant baseline", np.full(50, 2.5), rng.normal(2.5, 1, size=40)))
    out.append(binned_case("identical", np.arange(20.0), np.arange(20.0)))
    out.append(binned_case("disjoint", np.zeros(30), np.ones(20)))
    return out


def chi2_case(name, base, cur):
    """base, cur: arrays of category codes (-1 = unseen)."""
    seen = sorted(set(int(v) for v in base if v >= 0))
    b = [int(np.sum(base == s)) for s in seen] + [int(np.sum(base == -1))]
    c = [int(np.sum(cur == s)) for s in seen]
    c.append(len(cur) - sum(c))
    b_raw = np.array(b, dtype=float)
    linf = float(np.max(np.abs(np.array(c) / len(cur) - b_raw / len(base))))
    bb = b_raw.copy()
    cc = np.array(c, dtype=float)
    if bb[-1] == 0:
        if cc[-1] == 0:
            bb, cc = bb[:-1], cc[:-1]
        else:
            bb[-1] = 0.5
    if len(bb) < 2:
        stat, p = 0.0, 1.0
    else:
        expected = bb / bb.sum() * len(cur)
        r = stats.chisquare(cc, expected)
        stat, p = float(r.statistic), float(r.pvalue)
    return {"name": name, "a": runs(base), "b": runs(cur), "statistic": stat, "pvalue": p,
            "linf": linf}


def chi2_cases(rng):
    out = []
    probs = np.array([0.5, 0.3, 0.15, 0.05])
    for n1, n2 in [(50, 40), (1000, 800), (100000, 20000)]:
        out.append(chi2_case(f"same {n1}x{n2}", rng.choice(4, n1, p=probs).astype(float),
                             rng.choice(4, n2, p=probs).astype(float)))
        out.append(chi2_case(f"shift {n1}x{n2}", rng.choice(4, n1, p=probs).astype(float),
                             rng.choice(4, n2, p=[0.45, 0.3, 0.17, 0.08]).astype(float)))
    base = rng.choice(4, 2000, p=probs).astype(float)
    cur = rng.choice(4, 500, p=probs).astype(float)
    cur[:7] = -1
    out.append(chi2_case("unseen only in current", base, cur))
    base2 = base.copy()
    base2[:30] = -1
    out.append(chi2_case("unseen in both", base2, cur))
    cur3 = cur.copy()
    cur3[7:12] = 9
    out.append(chi2_case("a code the baseline never had", base, cur3))
    out.append(chi2_case("one category", np.zeros(100), np.zeros(30)))
    out.append(chi2_case("identical", base, base.copy()))
    out.append(chi2_case("disjoint", np.zeros(100), np.ones(100)))
    out.append(chi2_case("strong shift", rng.choice(4, 50000, p=probs).astype(float),
                         rng.choice(4, 50000, p=[0.25, 0.25, 0.25, 0.25]).astype(float)))
    return out


def main():
    out_path = sys.argv[1]
    rng = np.random.default_rng(SEED)
    doc = {
        "generator": "monitor/src/test/python/drift_fixtures.py",
        "seed": SEED,
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "ks": ks_cases(rng),
        "kstwo": kstwo_grid(),
        "smirnov": smirnov_grid(),
        "binned": binned_cases(rng),
        "chi2": chi2_cases(rng),
    }
    with open(out_path, "w") as f:
        json.dump(doc, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
