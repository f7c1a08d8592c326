import { Injectable } from '@nestjs/common';
import { AppError, BadSample, Clock, IngestReply, QualitySettings, ServiceSettings, UnitOfWork } from '@app/shared';
import { WarningEngine } from '../warnings/warning.engine';
import { parseSample, ParsedSample } from './sample.rules';
import { SampleStore } from './sample.store';

const DAY_MS = 86_400_000;

/**
 * One batch of samples, from JetStream or the gateway: every sample is accepted, a duplicate, of an unknown circuit
 * or bad (with its index and reason), and the answer says how many of each. A batch id seen before gets the first
 * answer again and stores nothing.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly clock: Clock,
    private readonly store: SampleStore,
    private readonly settings: ServiceSettings<QualitySettings>,
    private readonly warnings: WarningEngine,
  ) {}

  async ingest(req: { source: string; batchId: string; samples: unknown[] }): Promise<IngestReply> {
    const now = this.clock.now();
    const limits = (await this.settings.get()).values;
    if (req.samples.length > limits.maxSamplesPerBatch) {
      throw new AppError('VALIDATION_FAILED', `A batch holds at most ${limits.maxSamplesPerBatch} samples`, {
        fields: [{ field: 'samples', reason: `at most ${limits.maxSamplesPerBatch} samples (setting maxSamplesPerBatch)` }],
      });
    }
    const bad: BadSample[] = [];
    const parsed: ParsedSample[] = [];
    // One pass: the samples, and the days and circuit codes they name (no copy of a sample, no array per question).
    const days = new Set<number>();
    const codes = new Set<string>();
    const sampleLimits = { now, rawRetentionDays: limits.rawRetentionDays, futureToleranceSeconds: limits.futureToleranceSeconds };
    for (let index = 0; index < req.samples.length; index++) {
      const p = parseSample(req.samples[index], sampleLimits);
      if ('reason' in p) {
        bad.push({ index, reason: p.reason });
        continue;
      }
      parsed.push(p);
      days.add(Math.floor(p.at.getTime() / DAY_MS));
      codes.add(p.circuitCode);
    }
    await this.store.ensurePartitions([...days].map((d) => new Date(d * DAY_MS)));
    return this.uow.run(async (m) => {
      const claimed = (await m.query(
        `INSERT INTO sample_batch (source, batch_id, reply, received_at) VALUES ($1, $2, '{}', $3) ON CONFLICT DO NOTHING RETURNING batch_id`,
        [req.source, req.batchId, now],
      )) as unknown[];
      if (claimed.length === 0) {
        const [first] = (await m.query('SELECT reply FROM sample_batch WHERE source = $1 AND batch_id = $2', [req.source, req.batchId])) as Array<{ reply: IngestReply }>;
        return { ...first.reply, replayed: true };
      }
      const circuits = await this.store.circuitsByCode(m, [...codes]);
      const known: Array<ParsedSample & { circuitId: string }> = [];
      const unknownCodes = new Set<string>();
      // A second sample of a circuit and time in the batch is a duplicate of the first, as of one stored before.
      const seen = new Set<string>();
      let duplicates = 0;
      for (const p of parsed) {
        const c = circuits.get(p.circuitCode);
        if (!c) {
          unknownCodes.add(p.circuitCode);
          continue;
        }
        const key = `${c.id}@${p.at.getTime()}`;
        if (seen.has(key)) {
          duplicates++;
          continue;
        }
        seen.add(key);
        known.push({ circuitCode: p.circuitCode, at: p.at, values: p.values, circuitId: c.id });
      }
      const stored = await this.store.insert(m, known);
      await this.warnings.evaluate(m, stored, [...circuits.values()], limits, now);
      const reply: IngestReply = {
        source: req.source,
        batchId: req.batchId,
        received: req.samples.length,
        accepted: stored.length,
        duplicates: duplicates + known.length - stored.length,
        unknownCircuits: parsed.length - known.length - duplicates,
        unknownCircuitCodes: [...unknownCodes],
        bad,
        replayed: false,
      };
      await m.query('UPDATE sample_batch SET reply = $3 WHERE source = $1 AND batch_id = $2', [req.source, req.batchId, reply]);
      return reply;
    });
  }
}
