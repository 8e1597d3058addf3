#!/usr/bin/env python3
"""The RFM reference, as analysts compute it with pandas on an invoice-line log (Online Retail's
shape): line total = Quantity x UnitPrice, frequency = distinct invoices, cancellations (invoice
starting with C, or negative quantity) left out -- or netted against monetary --, lines without a
customer left out, recency in days to the day after the last purchase kept.
Writes tests/fixtures/transactions_log.csv and tests/fixtures/rfm.reference.json (deterministic).
Run: python3 scripts/rfm-reference.py"""
import json, os, random
import pandas as pd

here = os.path.join(os.path.dirname(__file__), '..', 'tests', 'fixtures')
rng = random.Random(11)
rows = []
invoice = 536365
for day in range(60):
    date = (pd.Timestamp('2011-01-03') + pd.Timedelta(days=day)).strftime('%Y-%m-%d')
    for _ in range(rng.randint(3, 8)):
        invoice += 1
        customer = '' if rng.random() < 0.2 else str(12340 + rng.randint(0, 40))
        cancel = rng.random() < 0.08
        for _ in range(rng.randint(1, 6)):
            qty = rng.randint(1, 24)
            price = round(rng.choice([0.42, 0.85, 1.25, 2.55, 3.39, 4.95, 7.65]), 2)
            code = rng.choice(['85123A', '71053', '84406B', '22752', 'POST'])
            rows.append({
                'InvoiceNo': ('C' if cancel else '') + str(invoice),
                'StockCode': code,
                'Quantity': -qty if cancel else qty,
                'InvoiceDate': date,
                'UnitPrice': price,
                'CustomerID': customer,
            })
df = pd.DataFrame(rows)
df.to_csv(os.path.join(here, 'transactions_log.csv'), index=False)

log = df[df['CustomerID'] != ''].copy()
log['Total'] = log['Quantity'] * log['UnitPrice']
log['Date'] = pd.to_datetime(log['InvoiceDate'])
cancel = log['InvoiceNo'].str.startswith('C') | (log['Quantity'] < 0) | (log['Total'] < 0)

def rfm(purchases, money):
    reference = purchases['Date'].max() + pd.Timedelta(days=1)
    out = {}
    for customer, group in purchases.groupby('CustomerID'):
        out[customer] = {
            'recency_days': int((reference - group['Date'].max()).days),
            'frequency': int(group['InvoiceNo'].nunique()),
            'monetary': float(money[money['CustomerID'] == customer]['Total'].sum()),
        }
    return out

kept = log[~cancel]

# Postage lines left out first; then lines without a customer; then cancellations.
products = df[df['StockCode'] != 'POST']
flog = products[products['CustomerID'] != ''].copy()
flog['Total'] = flog['Quantity'] * flog['UnitPrice']
flog['Date'] = pd.to_datetime(flog['InvoiceDate'])
fcancel = flog['InvoiceNo'].str.startswith('C') | (flog['Quantity'] < 0) | (flog['Total'] < 0)
fkept = flog[~fcancel]
freference = fkept['Date'].max() + pd.Timedelta(days=1)
filtered = {}
for customer, group in fkept.groupby('CustomerID'):
    returns = flog[fcancel & (flog['CustomerID'] == customer)]
    monetary = float(group['Total'].sum())
    frequency = int(group['InvoiceNo'].nunique())
    filtered[customer] = {
        'recency_days': int((freference - group['Date'].max()).days),
        'frequency': frequency,
        'monetary': monetary,
        'tenure_days': int((freference - group['Date'].min()).days),
        'average_order_value': monetary / frequency,
        'returns_count': int(len(returns)),
        'returns_value': float(returns['Total'].abs().sum()),
    }

# The classic RFM scores: quintiles of the ranks (ties in id order), recency reversed.
scores = pd.DataFrame.from_dict(filtered, orient='index').sort_index()
scores['r_score'] = pd.qcut(scores['recency_days'].rank(method='first'), 5, labels=[5, 4, 3, 2, 1]).astype(int)
scores['f_score'] = pd.qcut(scores['frequency'].rank(method='first'), 5, labels=[1, 2, 3, 4, 5]).astype(int)
scores['m_score'] = pd.qcut(scores['monetary'].rank(method='first'), 5, labels=[1, 2, 3, 4, 5]).astype(int)
for customer, row in scores.iterrows():
    for name in ('r_score', 'f_score', 'm_score'):
        filtered[customer][name] = int(row[name])

reference = {
    'exclude': rfm(kept, kept),
    'net': rfm(kept, log[log['CustomerID'].isin(kept['CustomerID'])]),
    'filtered': filtered,
    'lines': int(len(df)),
    'without_customer': int((df['CustomerID'] == '').sum()),
    'cancelled_lines': int(cancel.sum()),
    'filtered_lines': int((df['StockCode'] == 'POST').sum()),
    'filtered_without_customer': int((products['CustomerID'] == '').sum()),
    'filtered_cancelled_lines': int(fcancel.sum()),
}
# Quintile scores on their own, at sizes where the edges fall on and between ranks, with many ties.
cases = []
srng = random.Random(5)
for n in (2, 3, 4, 5, 6, 7, 10, 11, 41, 99, 100, 101, 997):
    values = [srng.choice([0, 1, 1, 2, 3, 3, 3, 7.5, 12, 40]) for _ in range(n)]
    ids = [f'K{srng.randint(0, 10**6):07d}-{i}' for i in range(n)]
    frame = pd.DataFrame({'value': values}, index=ids).sort_index()
    up = pd.qcut(frame['value'].rank(method='first'), 5, labels=[1, 2, 3, 4, 5]).astype(int)
    down = pd.qcut(frame['value'].rank(method='first'), 5, labels=[5, 4, 3, 2, 1]).astype(int)
    cases.append({'ids': ids, 'values': values, 'up': [int(up[i]) for i in ids], 'down': [int(down[i]) for i in ids]})
reference['quintiles'] = cases

with open(os.path.join(here, 'rfm.reference.json'), 'w') as f:
    json.dump(reference, f, indent=1, sort_keys=True)
print(len(df), 'lines;', len(reference['exclude']), 'customers')
