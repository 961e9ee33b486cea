import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AUTH_EMPLOYER_PROFILE_GET, AUTH_EMPLOYER_PROFILE_UPDATE, EmployerProfileUpdateRequest, UserIdRequest } from '@app/contracts';
import { EmployersRepository } from './employers.repository';

/** No rule beyond "your own row" here, so the handlers go straight to the repository. */
@Controller()
export class EmployersController {
  constructor(private readonly employers: EmployersRepository) {}

  @MessagePattern(AUTH_EMPLOYER_PROFILE_GET.subject)
  profile(@Payload() req: UserIdRequest) {
    return this.employers.ensure(req.user_id);
  }

  @MessagePattern(AUTH_EMPLOYER_PROFILE_UPDATE.subject)
  update(@Payload() req: EmployerProfileUpdateRequest) {
    return this.employers.update(req.user_id, req);
  }
}
