import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { INT4_MAX, nullable } from '../../http/dto-decorators';

export class UpdateEmployerDto {
  @ApiPropertyOptional({ nullable: true, description: 'join a company (null leaves it); kept by the jobs service' })
  @nullable()
  @IsInt()
  @Min(1)
  @Max(INT4_MAX)
  company_id?: number | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) position?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) department?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(50) phone?: string | null;
}
