import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';
import { UserTeamsPort } from './user-teams.port';
import { IdempotencyModule } from '@relay/idempotency';

@Module({
  imports: [IdempotencyModule, TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [UsersService, UserTeamsPort],
  exports: [UsersService, UserTeamsPort, TypeOrmModule],
})
export class UsersModule {}
