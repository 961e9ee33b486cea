import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
import { AUTH_EMPLOYER_PROFILE_GET, AUTH_EMPLOYER_PROFILE_UPDATE, EmployerProfileUpdateRequest, UserIdRequest } from '@app/contracts';
import { EmployersRepository } from './employers.repository';

/** No rule beyond "your own row" here, so the handlers go straight to the repository. */
@Controller()
export class EmployersController {
  constructor(private readonly employers: EmployersRepository) {}

  @Handles(AUTH_EMPLOYER_PROFILE_GET)
  profile(req: UserIdRequest) {
    return this.employers.ensure(req.user_id);
  }

  @Handles(AUTH_EMPLOYER_PROFILE_UPDATE)
  update(req: EmployerProfileUpdateRequest) {
    return this.employers.update(req.user_id, req);
  }
}
