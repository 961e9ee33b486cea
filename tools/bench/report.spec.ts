import { README_BEGIN, README_END, withLatestRun } from './report';

describe('withLatestRun (the README carries the latest full bench run)', () => {
  const readme = `# Title\n\nintro\n\n${README_BEGIN}\nold table\n${README_END}\n\nafter\n`;
  const report = '# IntoWork bench 2026-12-02T13:00:39.506Z\n\nScale 1 …\n\n| scenario | req/s |\n|---|---:|\n| jobs: list | 1652 |\n';

  it("replaces only the block's content, naming the run's file and time", () => {
    const out = withLatestRun(readme, report, 'bench/results/2026-12-02T13-00-39-506Z.md');
    expect(out).toBe(
      `# Title\n\nintro\n\n${README_BEGIN}\n` +
        'Latest full run: `bench/results/2026-12-02T13-00-39-506Z.md` (2026-12-02T13:00:39.506Z).\n\nScale 1 …\n\n| scenario | req/s |\n|---|---:|\n| jobs: list | 1652 |\n' +
        `${README_END}\n\nafter\n`,
    );
  });

  it('gives the same README when run twice with the same report', () => {
    const once = withLatestRun(readme, report, 'f.md');
    expect(withLatestRun(once, report, 'f.md')).toBe(once);
  });

  it('refuses a README without the block', () => {
    expect(() => withLatestRun('# Title\n', report, 'f.md')).toThrow(/no <!-- bench:begin/);
  });
});
