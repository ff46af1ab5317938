import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PRINCIPAL_RESOLVER } from '@relay/auth';
import { UsersModule } from '@relay/users';
import { ApiKey } from './api-key.entity';
import { ApiKeyAuthenticator } from './api-key-authenticator';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysService } from './api-keys.service';
import { IdempotencyModule } from '@relay/idempotency';

@Module({
  imports: [IdempotencyModule, TypeOrmModule.forFeature([ApiKey]), UsersModule],
  controllers: [ApiKeysController],
  providers: [ApiKeysService, { provide: PRINCIPAL_RESOLVER, useClass: ApiKeyAuthenticator }],
  exports: [ApiKeysService, PRINCIPAL_RESOLVER],
})
export class ApiKeysModule {}
