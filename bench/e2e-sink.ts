import Fastify from 'fastify';

/**
 * The e2e bench's reference for the HTTP stack: a Fastify server in its own process that
 * parses each body as the ledger's Fastify does (the default JSON parser, protections on) and
 * answers 201 with a receipt of the same shape, doing nothing else. What one core serves here
 * is the limit for single-event POSTs on this machine.
 */
async function main(): Promise<void> {
  const app = Fastify({ bodyLimit: 8 * 1024 * 1024, onProtoPoisoning: 'error', onConstructorPoisoning: 'error' });
  let position = 0;
  app.post('/v1/events', async (request, reply) => {
    const { id } = request.body as { id: string };
    position += 1;
    void reply.code(201);
    return { id, stream: 'subject-00000000-0000-0000-0000-000000000000', revision: 0, position };
  });
  app.get('/health', async () => ({ status: 'ok' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address() as { port: number };
  process.send!({ port: address.port });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
