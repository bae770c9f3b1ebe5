import { INestApplication } from '@nestjs/common';
import request from 'supertest';

/** One sample of a scrape: `name{label="value",...} value`. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The samples of a scrape in the Prometheus text format (comments left out). */
export function samplesOf(text: string): MetricSample[] {
  return text.split('\n').flatMap((line) => {
    const match = SAMPLE.exec(line);
    if (!match) return [];
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(LABEL)].map(([, name, value]) => [name, value.replace(/\\(.)/g, (_all, c: string) => (c === 'n' ? '\n' : c))]));
    return [{ name: match[1], labels, value: Number(match[3]) }];
  });
}

/** The sum of a metric's samples whose labels include these (0 when none). */
export function valueOf(samples: MetricSample[], name: string, labels: Record<string, string> = {}): number {
  return samples
    .filter((sample) => sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value))
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** Scrapes /metrics on the app's port with the token. */
export async function scrape(app: INestApplication, token: string): Promise<{ text: string; samples: MetricSample[] }> {
  const response = await request(app.getHttpServer()).get('/metrics').set('authorization', `Bearer ${token}`).expect(200);
  return { text: response.text, samples: samplesOf(response.text) };
}
