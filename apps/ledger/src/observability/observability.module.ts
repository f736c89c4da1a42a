import { Module } from '@nestjs/common';
import { AccessModule } from '../access/access.module';
import { BrokerModule } from '../broker/broker.module';
import { NotificationsModule } from '../notifications/notifications.module';
import { ErasureModule } from '../erasure/erasure.module';
import { LedgerMetrics } from './ledger-metrics';
import { MetricsController } from './metrics.controller';
import { ReadSideStatus } from './read-side-status';
import { ReadinessController } from './readiness.controller';

/**
 * What operators watch: readiness (GET /health/ready) and Prometheus metrics (GET /metrics).
 * Liveness stays in the health module. New metrics register on LedgerMetrics' registry.
 */
@Module({
  imports: [AccessModule, ErasureModule, BrokerModule, NotificationsModule],
  controllers: [ReadinessController, MetricsController],
  providers: [ReadSideStatus, LedgerMetrics],
  exports: [LedgerMetrics],
})
export class ObservabilityModule {}
