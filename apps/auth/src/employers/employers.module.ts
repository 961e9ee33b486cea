import { Module } from '@nestjs/common';
import { EmployersController } from './employers.controller';
import { EmployersRepository } from './employers.repository';

@Module({
  controllers: [EmployersController],
  providers: [EmployersRepository],
})
export class EmployersModule {}
