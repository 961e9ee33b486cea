import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, MaxLength, MinLength } from 'class-validator';
import { notBlank, nullable, OptionalInt } from '../../http/dto-decorators';

const url = () => IsUrl({ require_protocol: true, protocols: ['http', 'https'] });

class CompanyFieldsDto {
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(5000) description?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) industry?: string | null;
  @ApiPropertyOptional({ nullable: true, example: '11-50' }) @nullable() @IsString() @MaxLength(50) size?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @url() @MaxLength(500) website_url?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @url() @MaxLength(500) linkedin_url?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(500) address?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) city?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @IsString() @MaxLength(200) country?: string | null;
  @ApiPropertyOptional({ nullable: true }) @nullable() @url() @MaxLength(1000) logo_url?: string | null;
}

export class CreateCompanyDto extends CompanyFieldsDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) @notBlank() name: string;
}

export class UpdateCompanyDto extends CompanyFieldsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) @notBlank() name?: string;
}

export class CompanyListQuery {
  @OptionalInt(1, 100000, { default: 1 }) page: number = 1;
  @OptionalInt(1, 50, { default: 10 }) limit: number = 10;
}
