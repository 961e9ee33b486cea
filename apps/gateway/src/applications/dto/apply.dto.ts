import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { INT4_MAX } from '../../http/dto-decorators';

export class ApplyDto {
  @ApiProperty({ example: 42 })
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  job_id: number;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  cover_letter?: string;
}
