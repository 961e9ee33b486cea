/**
 * ops/prometheus without promtool (npm test needs only Node): every file parses, both Prometheus configs load
 * the same rule files and they exist, and the SLO rules select the job list as the gateway labels it (its
 * route label is checked against a running gateway in test/integration/compose.int-spec.ts). The rules'
 * behaviour is tested by `promtool test rules ops/prometheus/slo.test.yml` (docs/operations.md "Service level objectives").
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';

const DIR = resolve(__dirname, '../ops/prometheus');
const load = (file: string): any => parse(readFileSync(join(DIR, file), 'utf8'));

describe('ops/prometheus', () => {
  it('every YAML file parses and both configs load the same, existing rule files', () => {
    for (const file of readdirSync(DIR).filter((f) => f.endsWith('.yml'))) expect(() => load(file)).not.toThrow();
    const local = load('prometheus.yml').rule_files;
    expect(load('prometheus.docker.yml').rule_files).toEqual(local);
    for (const file of local) expect([file, existsSync(join(DIR, file))]).toEqual([file, true]);
    expect(local).toEqual(expect.arrayContaining(['alerts.yml', 'slo.yml']));
  });

  it('defines fast and slow burn-rate alerts for both job-list SLOs, each with its test', () => {
    const rules = load('slo.yml').groups.flatMap((g: any) => g.rules);
    const alerts = rules.filter((r: any) => r.alert).map((r: any) => r.alert);
    expect(alerts.sort()).toEqual([
      'JobListAvailabilityBudgetBurnFast',
      'JobListAvailabilityBudgetBurnSlow',
      'JobListLatencyBudgetBurnFast',
      'JobListLatencyBudgetBurnSlow',
    ]);
    for (const rule of rules.filter((r: any) => r.record && !r.record.startsWith('slo:job_list_latency'))) {
      expect(rule.expr).toContain('process="gateway",method="GET",route="/api/jobs"');
    }
    const tested = load('slo.test.yml').tests.flatMap((t: any) =>
      t.alert_rule_test.filter((a: any) => a.exp_alerts?.length).map((a: any) => a.alertname),
    );
    for (const alert of [
      'JobListAvailabilityBudgetBurnFast',
      'JobListAvailabilityBudgetBurnSlow',
      'JobListLatencyBudgetBurnFast',
      'JobListLatencyBudgetBurnSlow',
    ]) {
      expect(tested).toContain(alert);
    }
  });
});
