import { NatsConnection } from '@nats-io/transport-node';
import { Controller, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IsInt, Max, Min } from 'class-validator';
import { rpc } from '../contracts/contract';
import { SYSTEM_CALLER } from '../identity/caller';
import { connectNats, natsServers } from '../messaging/nats';
import { RpcClient } from '../messaging/rpc-client';
import { DrainingNatsServer } from './draining-nats-server';
import { RpcErrorFilter, rpcValidationPipe } from './rpc-errors';

class SizeRequest {
  @IsInt() @Min(0) @Max(4_000_000) bytes!: number;
}

const SUBJECT = `rpc.answer-size-test.${process.pid}` as const;
const sized = rpc<SizeRequest, { text: string }>(SUBJECT, SizeRequest);

@Controller()
class SizedAnswers {
  @MessagePattern(SUBJECT)
  answer(@Payload() req: SizeRequest) {
    return { text: 'x'.repeat(req.bytes) };
  }
}

@Module({ controllers: [SizedAnswers] })
class SizedModule {}

/**
 * An answer larger than one NATS message carries (the server's max_payload, 1 MB by default): the NATS client refuses
 * to publish it, and Nest then sent nothing, so the caller waited for its timeout (a 504 at the gateway). The caller
 * now gets ANSWER_TOO_LARGE at once (a 422 naming the size), whichever route asked too much.
 */
describe('an answer larger than one reply carries', () => {
  const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  let app: INestMicroservice;
  let nc: NatsConnection;

  beforeAll(async () => {
    const server = new DrainingNatsServer({ servers: natsServers(natsUrl), queue: 'answer-size-test', name: 'answer-size-test' }, 1000);
    app = await NestFactory.createMicroservice(SizedModule, { strategy: server, logger: false });
    app.useGlobalPipes(rpcValidationPipe());
    app.useGlobalFilters(new RpcErrorFilter());
    await app.listen();
    nc = await connectNats(natsUrl, 'answer-size-test-client');
  });

  afterAll(async () => {
    await nc.close();
    await app.close();
  });

  // Before, the caller's timeout came first: the client's 20 s is within the test's 30 s, so a timeout fails it by its code.
  it('is answered ANSWER_TOO_LARGE with its size, not left to time out; a smaller one is answered', async () => {
    const client = new RpcClient(nc, 20_000);
    const maxPayload = nc.info!.max_payload;
    const refused = await client.send(sized, { bytes: maxPayload + 1000 }, { caller: SYSTEM_CALLER }).then(
      () => undefined,
      (err: { code: string; details: { bytes: number; maxBytes: number } }) => err,
    );
    expect(refused).toMatchObject({ code: 'ANSWER_TOO_LARGE', details: { maxBytes: maxPayload } });
    expect(refused!.details.bytes).toBeGreaterThan(maxPayload);
    await expect(client.send(sized, { bytes: maxPayload - 10_000 }, { caller: SYSTEM_CALLER })).resolves.toMatchObject({ text: expect.any(String) });
  }, 30_000);
});
