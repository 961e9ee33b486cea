import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';

const notBlank = () => Matches(/\S/, { message: '$property must not be blank' });

const nullable = () => ValidateIf((_o, v) => v !== null && v !== undefined);
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
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page: number = 1;
  @ApiPropertyOptional({ default: 10, maximum: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit: number = 10;
}
