#!/usr/bin/env python3
"""Sparse whole fits against LIBLINEAR and scikit-learn, with an independent judge, for scripts/sparse-fit.sh.

  sparse_peers.py case NAME OUTDIR            write a seeded text-like case (data.svm, X.npz, y.npy, case.json)
  sparse_peers.py fit DIR REPEATS OUT.json    fit it with LIBLINEAR -s 0 and scikit-learn (liblinear, lbfgs, newton-cg)
  sparse_peers.py table OUT.json DIR...       judge every solution, write OUT.json, print a Markdown table
  sparse_peers.py cases                       list the case names

The objective is the one Curvature fits (docs/math.md 1.1) without an intercept: mean logistic loss +
(lambda/2) ||w||^2. LIBLINEAR minimizes C sum_i loss_i + ||w||^2 / 2, the same minimizer with C = 1 / (n lambda)
and a gradient 1 / lambda times ours; its stopping tolerance is set so that its own test implies ours. The judge
recomputes ||grad f||_inf of every solution here, in float64 scipy.sparse, so no tool grades itself.
"""
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import scipy.sparse as sp

# name: (rows, columns, nonzeros drawn per row, lambda)
CASES = {
    "text-1e5x1e5": (100_000, 100_000, 50, 1e-5),
    "text-1e5x2e4": (100_000, 20_000, 20, 1e-4),
    "text-1e6x1e6": (1_000_000, 1_000_000, 30, 1e-6),
}
GTOL = 1e-8


def make_case(name, outdir):
    """Zipf-distributed columns (a word's frequency falls as 1 / rank^1.1), binary counts scaled to unit rows as
    in text sets, labels drawn from a planted logistic model."""
    n, d, per_row, lam = CASES[name]
    os.makedirs(outdir, exist_ok=True)
    rng = np.random.default_rng(11)
    p = 1.0 / np.arange(1, d + 1) ** 1.1
    cdf = np.cumsum(p / p.sum())
    cols = np.minimum(np.searchsorted(cdf, rng.random((n, per_row))), d - 1)
    cols.sort(axis=1)
    keep = np.ones_like(cols, dtype=bool)
    keep[:, 1:] = cols[:, 1:] != cols[:, :-1]  # a repeated word counts once
    counts = keep.sum(axis=1)
    indptr = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    indices = cols[keep].astype(np.int32)
    data = np.repeat(1.0 / np.sqrt(counts), counts)
    x = sp.csr_matrix((data, indices, indptr), shape=(n, d))
    w_true = rng.standard_normal(d) * 2.0
    z = x @ w_true
    y = (rng.random(n) < 1 / (1 + np.exp(-z))).astype(np.float64)
    sp.save_npz(os.path.join(outdir, "X.npz"), x, compressed=False)
    np.save(os.path.join(outdir, "y.npy"), y)
    write_libsvm(os.path.join(outdir, "data.svm"), x, y)
    with open(os.path.join(outdir, "case.json"), "w") as f:
        json.dump({"name": name, "model": "logistic", "lambda": lam, "gtol": GTOL, "n": n, "d": d,
                   "nonzeros": int(x.nnz)}, f)


def write_libsvm(path, x, y):
    """One-based indices, shortest round-trip values, labels 0 and 1."""
    with open(path + ".tmp", "w") as f:
        for i in range(x.shape[0]):
            a, b = x.indptr[i], x.indptr[i + 1]
            items = " ".join(f"{j + 1}:{v!r}" for j, v in zip(x.indices[a:b].tolist(), x.data[a:b].tolist()))
            f.write(f"{int(y[i])} {items}\n")
    os.replace(path + ".tmp", path)


def load(case_dir):
    with open(os.path.join(case_dir, "case.json")) as f:
        case = json.load(f)
    return case, sp.load_npz(os.path.join(case_dir, "X.npz")).tocsr(), np.load(os.path.join(case_dir, "y.npy"))


def gradient(lam, x, y, w):
    z = x @ w
    p = 0.5 * (1 + np.tanh(0.5 * z))
    f = np.mean(np.logaddexp(0, z) - y * z) + 0.5 * lam * np.dot(w, w)
    return f, x.T @ (p - y) / x.shape[0] + lam * w


def liblinear_eps(case, x, y):
    """LIBLINEAR -s 0 stops at ||grad||_2 <= eps min(pos, neg) / n ||grad(0)||_2 on its own scale (ours / lambda):
    an eps at which that implies ||grad||_inf <= gtol on ours."""
    _, g0 = gradient(case["lambda"], x, y, np.zeros(x.shape[1]))
    pos = int(y.sum())
    share = min(pos, len(y) - pos) / len(y)
    return case["gtol"] / (share * float(np.linalg.norm(g0)))


def liblinear_calibrated(case_dir, case, x, y):
    """The loosest of eps, 10 eps and 100 eps (liblinear_eps) whose solution the judge finds within gtol: the
    2-norm test with a safe eps often ends far below gtol, which would make LIBLINEAR look slower than it is."""
    eps = liblinear_eps(case, x, y)
    for factor in (100, 10):
        run = liblinear(case_dir, case, eps * factor)
        _, g = gradient(case["lambda"], x, y, np.pad(run[1], (0, x.shape[1] - len(run[1]))))
        if np.max(np.abs(g)) <= case["gtol"]:
            return eps * factor
    return eps


def liblinear(case_dir, case, eps):
    """Debian's liblinear-train as a subprocess; its fit time is the process's minus that of reading the file
    (liblinear-predict on the same file with a model of zeros: the same parser, and one pass to predict)."""
    exe = shutil.which("liblinear-train")
    c = 1.0 / (case["n"] * case["lambda"])
    data = os.path.join(case_dir, "data.svm")
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "model")
        t0 = time.perf_counter()
        subprocess.run([exe, "-s", "0", "-c", repr(c), "-e", repr(eps), "-B", "-1", "-q", data, model], check=True)
        total = time.perf_counter() - t0
        with open(model) as f:
            text = f.read()
        labels = [float(v) for v in re.search(r"^label (.*)$", text, re.M).group(1).split()]
        weights = np.array([float(v) for v in text.split("\nw\n", 1)[1].split()])
        if labels[0] != 1.0:  # LIBLINEAR's w scores its first label
            weights = -weights
        zeros = os.path.join(tmp, "zeros")
        with open(zeros, "w") as f:
            f.write(text.split("\nw\n", 1)[0] + "\nw\n" + "0\n" * case["d"])
        t0 = time.perf_counter()
        subprocess.run([shutil.which("liblinear-predict"), "-q", data, zeros, os.path.join(tmp, "out")], check=True)
        read = time.perf_counter() - t0
    return max(total - read, 1e-6), weights, eps


def sklearn_fit(solver, case, x, y):
    from sklearn.linear_model import LogisticRegression
    est = LogisticRegression(C=1.0 / (case["n"] * case["lambda"]), tol=case["gtol"], max_iter=100_000, solver=solver,
                             fit_intercept=False)
    est.fit(x, y)
    return np.ravel(est.coef_), int(np.max(est.n_iter_))


def fit(case_dir, repeats, out):
    case, x, y = load(case_dir)
    fits = []
    if shutil.which("liblinear-train") is not None:
        eps = liblinear_calibrated(case_dir, case, x, y)
        runs = [liblinear(case_dir, case, eps) for _ in range(repeats + 1)]
        seconds = sorted(r[0] for r in runs[1:])
        fits.append({"method": "LIBLINEAR -s 0 (1 thread)", "iterations": 0, "cold_seconds": runs[0][0],
                     "median_seconds": statistics.median(seconds), "seconds": seconds, "eps": runs[0][2],
                     "w": list(map(float, runs[-1][1]))})
        print(f"peers: {case['name']:16s} LIBLINEAR {statistics.median(seconds):.4f} s", file=sys.stderr)
    try:
        import sklearn  # noqa: F401
        solvers = ("liblinear", "lbfgs", "newton-cg")
    except ImportError:
        solvers = ()
    for solver in solvers:
        t0 = time.perf_counter()
        w, its = sklearn_fit(solver, case, x, y)
        cold = time.perf_counter() - t0
        seconds = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            w, its = sklearn_fit(solver, case, x, y)
            seconds.append(time.perf_counter() - t0)
        fits.append({"method": f"sklearn LogisticRegression({solver})", "iterations": its, "cold_seconds": cold,
                     "median_seconds": statistics.median(seconds), "seconds": sorted(seconds),
                     "w": list(map(float, w))})
        print(f"peers: {case['name']:16s} sklearn {solver:10s} {statistics.median(seconds):.4f} s", file=sys.stderr)
    with open(out, "w") as f:
        json.dump({"tool": "peers", "fits": fits}, f)


def table(dirs):
    rows = []
    for case_dir in dirs:
        case, x, y = load(case_dir)
        judged = []
        for tool_file in ("curvature.json", "peers.json"):
            with open(os.path.join(case_dir, tool_file)) as f:
                for fit in json.load(f)["fits"]:
                    w = np.array(fit.pop("w"))
                    # a reader of the LIBSVM file counts columns up to the largest index present; the rest are empty
                    w = np.pad(w, (0, x.shape[1] - len(w)))
                    fval, g = gradient(case["lambda"], x, y, w)
                    fit["judged_grad_inf"] = float(np.max(np.abs(g)))
                    fit["judged_f"] = float(fval)
                    fit["tool"] = "curvature" if tool_file == "curvature.json" else "peer"
                    fit["reached_gtol"] = fit["judged_grad_inf"] <= 10 * case["gtol"]
                    judged.append(fit)
        rows.append({"case": case, "fits": judged})
        print(f"\n{case['name']} (logistic, n = {case['n']}, d = {case['d']}, {case['nonzeros']} nonzeros, "
              f"lambda = {case['lambda']}, gtol = {case['gtol']})\n")
        print("| tool and method | threads | iterations | cold (s) | warm median (s) | judged grad norm |")
        print("|---|---|---|---|---|---|")
        for f in sorted(judged, key=lambda f: (not f["reached_gtol"], f["median_seconds"])):
            name = f["method"] if f["tool"] == "peer" else f"curvature {f['method']}"
            if f.get("chosen") and f["chosen"] != f["method"]:
                name += f" ({f['chosen']})"
            mark = "" if f["reached_gtol"] else " (did not reach gtol)"
            threads = f.get("threads", 1)
            print(f"| {name} | {threads} | {f['iterations']} | {f['cold_seconds']:.3f} | {f['median_seconds']:.3f} "
                  f"| {f['judged_grad_inf']:.1e}{mark} |")
    return rows


def main(argv):
    if len(argv) == 3 and argv[0] == "case":
        make_case(argv[1], argv[2])
    elif len(argv) == 4 and argv[0] == "fit":
        fit(argv[1], int(argv[2]), argv[3])
    elif len(argv) >= 3 and argv[0] == "table":
        rows = table(argv[2:])
        with open(argv[1], "w") as f:
            json.dump(rows, f, indent=1)
    elif len(argv) == 1 and argv[0] == "cases":
        print(" ".join(CASES))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
