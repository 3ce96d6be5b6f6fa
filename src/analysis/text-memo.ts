// Policies repeat the same few texts (action names, repository ARNs) thousands of times: a rule that
// judges a text alone judges each distinct one once. Bounded, as a long-lived process reads many apps.

const MAX_TEXTS = 10_000;

/** `judge`, remembered per text (up to 10,000 texts, then forgotten at once and refilled). */
export function perText<T extends {} | null>(judge: (text: string) => T): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined) {
      answer = judge(text);
      if (answers.size >= MAX_TEXTS) answers.clear();
      answers.set(text, answer);
    }
    return answer;
  };
}
