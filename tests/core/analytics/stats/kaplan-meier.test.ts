import { describe, expect, it } from 'vitest';
import { kaplanMeier, medianSurvival, survivalAt, type TimeCounts } from '../../../../src/core/analytics/stats/kaplan-meier.ts';
import { logRankTest, type GroupTimeCounts } from '../../../../src/core/analytics/stats/log-rank.ts';

// R survival::aml (Miller 1981): time in weeks, status 1 = relapse, 0 = censored.
const AML = {
  Maintained: { time: [9, 13, 13, 18, 23, 28, 31, 34, 45, 48, 161], status: [1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0] },
  Nonmaintained: { time: [5, 5, 8, 8, 12, 16, 23, 27, 30, 33, 43, 45], status: [1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1] },
};

function countsOf(g: { time: number[]; status: number[] }): TimeCounts[] {
  const m = new Map<number, TimeCounts>();
  g.time.forEach((t, i) => {
    const c = m.get(t) ?? { time: t, events: 0, censored: 0 };
    if (g.status[i] === 1) c.events++;
    else c.censored++;
    m.set(t, c);
  });
  return [...m.values()];
}
const eventRows = (curve: ReturnType<typeof kaplanMeier>) => curve.filter((p) => p.nEvent > 0);

describe('kaplanMeier on R survival::aml', () => {
  // summary(survfit(Surv(aml$time, aml$status) ~ aml$x)), therneau/survival tests/doaml.Rout.save:
  // time n.risk n.event survival std.err lower 95% CI upper 95% CI
  const printed = {
    Maintained: [
      [9, 11, 1, 0.909, 0.0867, 0.7541, 1.0], [13, 10, 1, 0.818, 0.1163, 0.6192, 1.0], [18, 8, 1, 0.716, 0.1397, 0.4884, 1.0],
      [23, 7, 1, 0.614, 0.1526, 0.3769, 0.999], [31, 5, 1, 0.491, 0.1642, 0.2549, 0.946], [34, 4, 1, 0.368, 0.1627, 0.1549, 0.875],
      [48, 2, 1, 0.184, 0.1535, 0.0359, 0.944],
    ],
    Nonmaintained: [
      [5, 12, 2, 0.8333, 0.1076, 0.647, 1.0], [8, 10, 2, 0.6667, 0.1361, 0.4468, 0.995], [12, 8, 1, 0.5833, 0.1423, 0.3616, 0.941],
      [23, 6, 1, 0.4861, 0.1481, 0.2675, 0.883], [27, 5, 1, 0.3889, 0.147, 0.1854, 0.816], [30, 4, 1, 0.2917, 0.1387, 0.1148, 0.741],
      [33, 3, 1, 0.1944, 0.1219, 0.0569, 0.664], [43, 2, 1, 0.0972, 0.0919, 0.0153, 0.62], [45, 1, 1, 0, null, null, null],
    ],
  } as const;

  for (const [group, rows] of Object.entries(printed)) {
    it(`${group}: n.risk, n.event, survival, Greenwood std.err and the log band as R prints them`, () => {
      const curve = eventRows(kaplanMeier(countsOf(AML[group as keyof typeof AML])));
      expect(curve).toHaveLength(rows.length);
      curve.forEach((p, i) => {
        const [time, nRisk, nEvent, surv, se, lower, upper] = rows[i]!;
        expect([p.time, p.nRisk, p.nEvent]).toEqual([time, nRisk, nEvent]);
        // R prints 3 or 4 significant digits: agree to half a unit of the last printed digit.
        const close = (v: number | null, ref: number | null, digits: number) => (ref === null ? expect(v).toBeNull() : expect(Math.abs(v! - ref)).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-12));
        close(p.survival, surv, surv === 0 ? 4 : String(surv).split('.')[1]!.length);
        close(p.stdErr, se, 4);
        close(p.lower, lower, 4);
        close(p.upper, upper, 3);
      });
    });
  }

  it('a subject censored at t is still at risk at t (Maintained: 13 has one event and one censoring, n_risk 10)', () => {
    const at13 = kaplanMeier(countsOf(AML.Maintained)).find((p) => p.time === 13)!;
    expect([at13.nRisk, at13.nEvent, at13.nCensor]).toEqual([10, 1, 1]);
    // The next point (18) has 8 at risk: 10 − the event and the censoring at 13.
    expect(kaplanMeier(countsOf(AML.Maintained)).find((p) => p.time === 18)!.nRisk).toBe(8);
  });

  it('median and its interval as print(survfit) shows: Maintained 31 (18, NA), Nonmaintained 23 (8, NA)', () => {
    // records n.max n.start events median 0.95LCL 0.95UCL: Maintained 11 … 7 31 18 NA; Nonmaintained 12 … 11 23 8 NA
    expect(medianSurvival(kaplanMeier(countsOf(AML.Maintained)))).toEqual({ median: 31, lower: 18, upper: null });
    expect(medianSurvival(kaplanMeier(countsOf(AML.Nonmaintained)))).toEqual({ median: 23, lower: 8, upper: null });
  });

  it('log-log and plain bands (hand-derived for Maintained at t = 9 and 13)', () => {
    // t = 9: S = 10/11, se(−log S) = √(1/(11·10)) = 0.0953463, z = 1.959964.
    //   plain: S ± z·S·se = 0.909091 ± 0.169887 → 0.739204, 1.078977 clipped to 1.
    //   log-log: L = log(−log S) = −2.350610; spread = z·se/|log S| = 1.960706;
    //            lower = exp(−exp(L + spread)) = 0.508080, upper = exp(−exp(L − spread)) = 0.986674.
    // t = 13: S = 9/11, se = √(1/110 + 1/90) = 0.142134: log-log 0.447429 – 0.951162; plain 0.590255 – 1.
    const ll = kaplanMeier(countsOf(AML.Maintained), { confType: 'log-log' });
    expect(ll[0]!.lower).toBeCloseTo(0.50808, 5);
    expect(ll[0]!.upper).toBeCloseTo(0.986674, 5);
    expect(ll[1]!.lower).toBeCloseTo(0.447429, 5);
    expect(ll[1]!.upper).toBeCloseTo(0.951162, 5);
    const plain = kaplanMeier(countsOf(AML.Maintained), { confType: 'plain' });
    expect(plain[0]!.lower).toBeCloseTo(0.739204, 5);
    expect(plain[0]!.upper).toBe(1);
    expect(plain[1]!.lower).toBeCloseTo(0.590255, 5);
  });

  it('an exact 0.5 plateau gives the midpoint to the next drop (R quantile.survfit rule)', () => {
    // 4 subjects, events at 1, 2, 3, 4: S = 0.75, 0.5, 0.25, 0 → median (2 + 3) / 2 = 2.5.
    const curve = kaplanMeier([1, 2, 3, 4].map((t) => ({ time: t, events: 1, censored: 0 })));
    expect(medianSurvival(curve).median).toBe(2.5);
  });
});

describe('logRankTest on R survival::aml', () => {
  it('survdiff: O 7 / 11, E 10.69 / 7.31, (O−E)²/E 1.27 / 1.86, (O−E)²/V 3.40, χ² = 3.4 on 1 df, p = 0.0653', () => {
    // survdiff(Surv(aml$time, aml$status) ~ aml$x), therneau/survival tests/doaml.Rout.save and difftest.Rout.save.
    const counts: GroupTimeCounts[] = Object.entries(AML).flatMap(([group, g]) => countsOf(g).map((c) => ({ group, ...c })));
    const r = logRankTest(counts);
    expect(r.groups.map((g) => [g.group, g.n, g.observed])).toEqual([['Maintained', 11, 7], ['Nonmaintained', 12, 11]]);
    expect(r.groups[0]!.expected).toBeCloseTo(10.69, 2);
    expect(r.groups[1]!.expected).toBeCloseTo(7.31, 2);
    expect(r.groups[0]!.oeE).toBeCloseTo(1.27, 2);
    expect(r.groups[1]!.oeE).toBeCloseTo(1.86, 2);
    expect(r.groups[0]!.oeV).toBeCloseTo(3.4, 2);
    expect(r.chisq).toBeCloseTo(3.4, 2);
    expect(r.df).toBe(1);
    expect(r.pValue).toBeCloseTo(0.0653, 4);
  });

  it('a group with no one at risk at any event time does not count (R difftest: aml plus 7 early censorings, same χ², 1 df)', () => {
    const aml3 = { ...AML, Dummy: { time: [1, 2, 2, 3, 3, 3, 4], status: [0, 0, 0, 0, 0, 0, 0] } };
    const r = logRankTest(Object.entries(aml3).flatMap(([group, g]) => countsOf(g).map((c) => ({ group, ...c }))));
    expect(r.df).toBe(1);
    expect(r.chisq).toBeCloseTo(3.4, 2);
    expect(r.groups.find((g) => g.group === 'Dummy')!.expected).toBe(0);
  });
});

describe('survivalAt (summary(survfit, times = …))', () => {
  it('aml Maintained read at 5, 20 and 40 weeks; 200 is past the last observation and left out', () => {
    // Hand-read from R's printed curve (tests/doaml.Rout.save): before 9 nothing happened (S = 1, 11 at risk);
    // at 20: S = 0.716 from t = 18, at risk = times ≥ 20 (23, 28, 31, 34, 45, 48, 161) = 7, events 9, 13, 18 = 3;
    // at 40: S = 0.368 from t = 34, at risk 45, 48, 161 = 3, events since 20: 23, 31, 34 = 3.
    const counts = [9, 13, 18, 23, 31, 34, 48].map((t) => ({ time: t, events: 1, censored: 0 }));
    for (const t of [13, 28, 45, 161]) {
      const c = counts.find((x) => x.time === t);
      if (c) c.censored++;
      else counts.push({ time: t, events: 0, censored: 1 });
    }
    const at = survivalAt(kaplanMeier(counts), [40, 5, 20, 200]);
    expect(at.map((p) => [p.time, p.nRisk, p.nEvent])).toEqual([[5, 11, 0], [20, 7, 3], [40, 3, 3]]);
    expect(at[0]!.survival).toBe(1);
    expect(at[1]!.survival).toBeCloseTo(0.716, 3);
    expect(at[1]!.lower).toBeCloseTo(0.4884, 4);
    expect(at[2]!.survival).toBeCloseTo(0.368, 3);
  });
});
