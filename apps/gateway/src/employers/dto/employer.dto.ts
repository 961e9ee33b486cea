import { IntersectionType, PickType } from '@nestjs/swagger';
import { EmployerProfileUpdateRequest, MembershipSetRequest } from '@app/contracts';

/** PUT /api/employers/me: the membership (jobs service) and the profile fields (auth service), each with its contract's rules. */
export class UpdateEmployerDto extends IntersectionType(
  PickType(MembershipSetRequest, ['company_id'] as const),
  PickType(EmployerProfileUpdateRequest, ['position', 'department', 'phone'] as const),
) {}
