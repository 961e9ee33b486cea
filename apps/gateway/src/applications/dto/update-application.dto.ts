import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';
import { APPLICATION_STATUSES, ApplicationStatus } from '@app/contracts';

export class SetStatusDto {
  @ApiProperty({ enum: APPLICATION_STATUSES.filter((s) => s !== 'withdrawn') })
  @IsIn(APPLICATION_STATUSES)
  status: ApplicationStatus;
}

export class SetNotesDto {
  @ApiProperty({ nullable: true, maxLength: 10000 })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(10000)
  notes: string | null;
}
