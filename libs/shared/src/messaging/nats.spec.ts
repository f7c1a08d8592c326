import { natsServers } from './nats';

describe('natsServers', () => {
  it('reads one server, or the nodes of a cluster separated by commas', () => {
    expect(natsServers('nats://127.0.0.1:4222')).toEqual(['nats://127.0.0.1:4222']);
    expect(natsServers('nats://nats-1:4222, nats://nats-2:4222,nats://nats-3:4222')).toEqual(['nats://nats-1:4222', 'nats://nats-2:4222', 'nats://nats-3:4222']);
  });
});
