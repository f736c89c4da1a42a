import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../access/public.decorator';
import { RequestAuthenticator } from '../access/request-authenticator';
import { ReadSideStatus } from './read-side-status';

/** Who may see where each read model stands; others learn only whether the ledger is ready. */
const SEES_DETAILS = new Set(['dpo', 'admin']);

@ApiTags('health')
@Public()
@Controller('health')
export class ReadinessController {
  constructor(
    private readonly status: ReadSideStatus,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: the event store answers and every read model runs',
    description:
      'Anyone: `{"status":"ready"}` (200), `{"status":"degraded"}` (200: a read model set events aside it cannot fold, an erasure raised an alarm, or the RabbitMQ consumer is not consuming) or `{"status":"not-ready"}` (503); with several instances on one PostgreSQL database, also `lease`: `held` on the instance that runs the shredding of the erasure process and notifications, `standby` on the others (whose readiness the notifications outbox does not decide). With a dpo or admin key, also the log head and each read model\'s position, lag (head minus position), whether it has caught up, whether it is being rebuilt (`rebuilding`: not ready meanwhile), its error while it fails, the events it set aside and its alarm; with LEDGER_AMQP_URL, the consumer (`broker`: state, messages waiting in the queue and held unacknowledged, reconnects, counts).',
  })
  @ApiOkResponse({ description: '{status: "ready"} (with a dpo or admin key: eventStore, head, readModels: [{name, position, lag, caughtUp, error?}])' })
  @ApiServiceUnavailableResponse({
    description: '{status: "not-ready"}: the store does not answer, a read model is still catching up or being rebuilt, or one fails',
  })
  async ready(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const snapshot = await this.status.snapshot();
    void reply.code(snapshot.ready ? 200 : 503);
    // Degraded still serves (200): one event no read model can fold must not take every instance out of a load balancer.
    const status = !snapshot.ready ? 'not-ready' : snapshot.degraded ? 'degraded' : 'ready';
    // With several instances, which one runs the erasure process and notifications (`held`) and which wait (`standby`).
    const lease = snapshot.lease ? { lease: snapshot.lease } : {};
    // A public route: the key is looked up here; when that fails (the database is down) the answer is the plain status.
    const credentials = await this.authenticator.authenticate(request).catch(() => undefined);
    const key = credentials?.kind === 'key' ? credentials.key : undefined;
    if (!key || !SEES_DETAILS.has(key.role)) return { status, ...lease };
    return {
      status,
      ...lease,
      eventStore: snapshot.storeUp ? 'up' : 'down',
      head: snapshot.head ?? null,
      readModels: snapshot.readModels,
      ...(snapshot.broker ? { broker: snapshot.broker } : {}),
      ...(snapshot.notificationsPending ? { notificationsPending: snapshot.notificationsPending } : {}),
    };
  }
}
