# Scratch analysis for docs/figures/kar.md: do the item knowledge vectors predict an item's positive rate,
# and does that prior help on items with few training ratings?
# Usage: python3 kar_item_prior_probe.py [KNOWLEDGE.db] [ML-100K DIR]   (numpy only; prints the figures quoted there)
import numpy as np, sqlite3, collections, sys
store = sys.argv[1] if len(sys.argv) > 1 else '/tmp/kar/knowledge.db'
data = sys.argv[2] if len(sys.argv) > 2 else '../shared/data/ml-100k'
con = sqlite3.connect(store)
vec = {}
for eid, mid, blob in con.execute("""select e.entity_id, e.model_id, m.vector from entry e join embedding m on m.entry_id = e.id
                                     where e.entity_type='item' and m.encoder_id='all-MiniLM-L6-v2'"""):
    if eid not in vec or mid != 'metadata':
        vec[eid] = np.frombuffer(blob, dtype='<f4')
base = [tuple(map(int, l.split('\t')[:3])) for l in open(data + '/u1.base')]
test = [tuple(map(int, l.split('\t')[:3])) for l in open(data + '/u1.test')]
pos = collections.Counter(); n = collections.Counter()
for u, i, r in base:
    n[i] += 1; pos[i] += r >= 4
glob = sum(pos.values()) / sum(n.values())
items = sorted(i for i in vec if n[i] >= 10)
X = np.stack([vec[i] for i in items]); y = np.array([pos[i] / n[i] for i in items]); w = np.array([n[i] for i in items], float)
def ridge(X, y, w, lam):
    Xb = np.hstack([X, np.ones((len(X), 1))]); W = w[:, None]
    A = Xb.T @ (Xb * W) + lam * np.eye(Xb.shape[1]); A[-1, -1] -= lam
    return np.linalg.solve(A, Xb.T @ (w * y))
def predict(beta, X): return np.hstack([X, np.ones((len(X), 1))]) @ beta
rng = np.random.default_rng(0); folds = rng.integers(0, 5, len(items))
for lam in [10, 100, 300, 1000, 3000]:
    pred = np.zeros(len(items))
    for f in range(5):
        tr = folds != f
        pred[~tr] = predict(ridge(X[tr], y[tr], w[tr], lam), X[~tr])
    ss = np.sum(w * (y - pred) ** 2); st = np.sum(w * (y - np.average(y, weights=w)) ** 2)
    print(f"lambda {lam}: cross-validated weighted R2 of item positive rate over {len(items)} items with >=10 ratings: {1 - ss/st:.3f}")
beta = ridge(X, y, w, 100)
# Cold items: fewer than 10 training ratings. Compare test positive rate with (a) global rate, (b) smoothed training rate,
# (c) knowledge prior, (d) knowledge prior as the smoothing prior.
cold = [i for i in vec if n[i] < 10]
tpos = collections.Counter(); tn = collections.Counter()
for u, i, r in test:
    tn[i] += 1; tpos[i] += r >= 4
cold = [i for i in cold if tn[i] > 0]
rows = sum(tn[i] for i in cold)
prior = {i: float(np.clip(predict(beta, vec[i][None])[0], 0.01, 0.99)) for i in cold}
def mse(est): return sum(tn[i] * (tpos[i] / tn[i] - est(i)) ** 2 for i in cold) / rows
k = 5
print(f"cold items with test rows: {len(cold)} items, {rows} test rows")
print(f"  MSE of test positive rate, global rate:                  {mse(lambda i: glob):.4f}")
print(f"  smoothed training rate (k={k} toward global):             {mse(lambda i: (pos[i] + k*glob) / (n[i] + k)):.4f}")
print(f"  knowledge prior alone:                                  {mse(lambda i: prior[i]):.4f}")
print(f"  smoothed training rate (k={k} toward knowledge prior):    {mse(lambda i: (pos[i] + k*prior[i]) / (n[i] + k)):.4f}")
