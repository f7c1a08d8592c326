/**
 * This machine's own bare path, for the intake benchmark to compare against: Nest on Fastify takes a POST and sends
 * it over NATS (request/reply) to a Nest microservice whose handler does one INSERT. Nothing else: no validation,
 * no authentication, no clocks. Run as `node intake-baseline.js http <port>` and `node intake-baseline.js responder`.
 */
import 'reflect-metadata';
import { Body, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, MicroserviceOptions, Payload, Transport } from '@nestjs/microservices';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { connect } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

const SUBJECT = 'bench.baseline.insert';
const natsUrl = process.env.NATS_URL!;
const databaseUrl = process.env.DATABASE_URL!;

async function http(port: number): Promise<void> {
  const nc = await connect({ servers: natsUrl, name: 'baseline-http' });
  @Controller()
  class BaselineController {
    @Post('baseline')
    async post(@Body() body: object) {
      const reply = await nc.request(SUBJECT, JSON.stringify({ pattern: SUBJECT, data: body, id: randomUUID() }), { timeout: 5000 });
      return reply.json<{ response: unknown }>().response;
    }
  }
  @Module({ controllers: [BaselineController] })
  class HttpModule {}
  const app = await NestFactory.create<NestFastifyApplication>(HttpModule, new FastifyAdapter(), { logger: ['error'] });
  await app.listen(port, '127.0.0.1');
}

async function responder(): Promise<void> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  await pool.query('CREATE TABLE IF NOT EXISTS bench_baseline (id uuid PRIMARY KEY, body jsonb NOT NULL, at timestamptz NOT NULL DEFAULT now())');
  @Controller()
  class ResponderController {
    @MessagePattern(SUBJECT)
    async insert(@Payload() body: object) {
      const id = randomUUID();
      await pool.query('INSERT INTO bench_baseline (id, body) VALUES ($1, $2)', [id, JSON.stringify(body)]);
      return { id };
    }
  }
  @Module({ controllers: [ResponderController] })
  class ResponderModule {}
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(ResponderModule, {
    transport: Transport.NATS,
    options: { servers: natsUrl, queue: 'bench-baseline' },
    logger: ['error'],
  });
  await app.listen();
}

const [mode, port] = process.argv.slice(2);
(mode === 'http' ? http(Number(port)) : responder()).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
