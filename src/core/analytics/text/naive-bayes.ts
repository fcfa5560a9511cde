/**
 * Multinomial naive Bayes for text (Manning, Raghavan & Schütze, Introduction to Information Retrieval,
 * ch. 13, fig. 13.2; scikit-learn's MultinomialNB): a trainable classifier for custom sentiment or
 * intent labels, with class probabilities and the words that decided each prediction.
 *
 *   P̂(c) = N_c / N (or 1 / |C| without `fitPrior`)
 *   P̂(t | c) = (T_ct + α) / (Σ_t' T_ct' + α·|V|)       (Laplace / Lidstone smoothing, α = 1 by default)
 *   score(c | d) = log P̂(c) + Σ over the tokens of d in V of log P̂(t | c)
 *
 * Tokens not in the training vocabulary V are left out of the score (IIR: "terms not seen in training are
 * ignored"; scikit-learn drops them in its vectorizer) and counted: their share is the out-of-vocabulary
 * drift signal. Posteriors are the scores normalized with log-sum-exp.
 */

export interface NaiveBayesModel {
  /** Class labels, sorted. */
  classes: string[];
  logPrior: number[];
  /** term → log P̂(t | c) per class (in `classes` order). */
  logLikelihood: Map<string, number[]>;
  /** Documents per class and term occurrences per class, as counted in training. */
  documents: number[];
  tokens: number[];
  alpha: number;
}

export interface NaiveBayesPrediction {
  label: string;
  /** Posterior of the predicted class, 0–1. */
  probability: number;
  /** Posterior per class, in the model's class order. */
  probabilities: number[];
  tokens: number;
  /** Tokens of the text that are not in the training vocabulary (ignored by the score). */
  unknownTokens: number;
  /** Distinct known terms that favour the predicted class over the runner-up most, strongest first, with their log-ratio. */
  evidence: { term: string; weight: number }[];
}

/** Term counts per class, built one labelled document at a time (memory: vocabulary × classes). */
export class NaiveBayesCounts {
  readonly perClass = new Map<string, { documents: number; terms: Map<string, number> }>();

  add(label: string, tokens: Iterable<string>): void {
    let c = this.perClass.get(label);
    if (!c) this.perClass.set(label, (c = { documents: 0, terms: new Map() }));
    c.documents++;
    for (const t of tokens) c.terms.set(t, (c.terms.get(t) ?? 0) + 1);
  }
}

/**
 * Fit the model from the counts; `alpha` > 0 is the additive smoothing.
 *
 * @example
 * const c = new NaiveBayesCounts();
 * c.add('china', ['chinese', 'beijing', 'chinese']);
 * c.add('not', ['tokyo', 'japan', 'chinese']);
 * Math.exp(fitNaiveBayes(c).logLikelihood.get('chinese')![0]!) // (2 + 1) / (3 + 1·4) = 3/7
 */
export function fitNaiveBayes(counts: NaiveBayesCounts, alpha = 1, fitPrior = true): NaiveBayesModel {
  if (!(alpha > 0)) throw new Error(`naive Bayes smoothing must be above 0 (got ${alpha})`);
  const classes = [...counts.perClass.keys()].sort();
  if (classes.length === 0) throw new Error('naive Bayes needs at least one labelled document');
  const per = classes.map((c) => counts.perClass.get(c)!);
  const vocab = new Set<string>();
  for (const p of per) for (const t of p.terms.keys()) vocab.add(t);
  const documents = per.map((p) => p.documents);
  const n = documents.reduce((s, x) => s + x, 0);
  const tokens = per.map((p) => [...p.terms.values()].reduce((s, x) => s + x, 0));
  const logPrior = documents.map((d) => (fitPrior ? Math.log(d / n) : -Math.log(classes.length)));
  const denominators = tokens.map((t) => Math.log(t + alpha * vocab.size));
  const logLikelihood = new Map<string, number[]>();
  for (const term of [...vocab].sort()) logLikelihood.set(term, per.map((p, j) => Math.log((p.terms.get(term) ?? 0) + alpha) - denominators[j]!));
  return { classes, logPrior, logLikelihood, documents, tokens, alpha };
}

/**
 * Classify one tokenized text; `evidenceTerms` telling terms are kept (0 for none).
 *
 * @example
 * predictNaiveBayes(model, wordTokens('Chinese Chinese Chinese Tokyo Japan')).label // 'china' (IIR Example 13.1)
 */
export function predictNaiveBayes(model: NaiveBayesModel, tokens: readonly string[], evidenceTerms = 3): NaiveBayesPrediction {
  const score = [...model.logPrior];
  const known = new Map<string, number>();
  let unknown = 0;
  for (const t of tokens) {
    const ll = model.logLikelihood.get(t);
    if (!ll) {
      unknown++;
      continue;
    }
    known.set(t, (known.get(t) ?? 0) + 1);
    for (let j = 0; j < score.length; j++) score[j]! += ll[j]!;
  }
  const max = Math.max(...score);
  const exp = score.map((s) => Math.exp(s - max));
  const total = exp.reduce((s, x) => s + x, 0);
  const probabilities = exp.map((x) => x / total);
  // The highest score wins; a tie goes to the class that sorts first.
  const order = score.map((_, j) => j).sort((a, b) => score[b]! - score[a]! || a - b);
  const best = order[0]!;
  const second = order[1];
  const evidence =
    second === undefined || evidenceTerms === 0
      ? []
      : [...known]
          .map(([term, n]) => {
            const ll = model.logLikelihood.get(term)!;
            return { term, weight: n * (ll[best]! - ll[second]!) };
          })
          .filter((e) => e.weight > 0)
          .sort((a, b) => b.weight - a.weight || (a.term < b.term ? -1 : 1))
          .slice(0, evidenceTerms);
  return { label: model.classes[best]!, probability: probabilities[best]!, probabilities, tokens: tokens.length, unknownTokens: unknown, evidence };
}
