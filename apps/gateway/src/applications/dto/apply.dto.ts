import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';

export class ApplyDto {
  @ApiProperty({ example: 42 })
  @IsInt()
  @Min(1)
  job_id: number;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10000)
  cover_letter?: string;
}
