import { BeforeApplicationShutdown, Module, OnApplicationBootstrap } from '@nestjs/common';
import { IngestionModule } from '../ingestion/ingestion.module';
import { BrokerConsumer } from './broker-consumer';
import { FactMessages } from './fact-messages';

/** RabbitMQ ingestion (LEDGER_AMQP_URL): the facts queue and its dead letters. Idle without a URL. */
@Module({
  imports: [IngestionModule],
  providers: [FactMessages, BrokerConsumer],
  exports: [BrokerConsumer],
})
export class BrokerModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(private readonly consumer: BrokerConsumer) {}

  onApplicationBootstrap(): void {
    this.consumer.start();
  }

  /** Before the store closes: a batch being appended finishes, the rest is redelivered. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer.stop();
  }
}
