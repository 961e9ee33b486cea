import { ValidationArguments, ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

/**
 * A secret may keep its development default only outside production. Use as
 * `@Validate(NotDevelopmentSecretInProduction, [DEFAULT_VALUE])`.
 */
@ValidatorConstraint({ name: 'notDevelopmentSecretInProduction' })
export class NotDevelopmentSecretInProduction implements ValidatorConstraintInterface {
  validate(value: string, args: ValidationArguments): boolean {
    return (args.object as { NODE_ENV?: string }).NODE_ENV !== 'production' || value !== args.constraints[0];
  }

  defaultMessage(): string {
    return 'must be set to your own secret when NODE_ENV=production';
  }
}
