import { Module } from '@nestjs/common';
import { CandidatesModule } from '../candidates/candidates.module';
import { CvsController } from './cvs.controller';
import { CvsRepository } from './cvs.repository';
import { CvsService } from './cvs.service';

@Module({
  imports: [CandidatesModule],
  controllers: [CvsController],
  providers: [CvsRepository, CvsService],
})
export class CvsModule {}
