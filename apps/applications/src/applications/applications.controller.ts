import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
import {
  APPLICATIONS_APPLY,
  APPLICATIONS_EMPLOYER_CANDIDATE,
  APPLICATIONS_EMPLOYER_LIST,
  APPLICATIONS_HAS_APPLIED,
  APPLICATIONS_MY_GET,
  APPLICATIONS_MY_LIST,
  APPLICATIONS_SET_NOTES,
  APPLICATIONS_SET_STATUS,
  APPLICATIONS_WITHDRAW,
  ApplyRequest,
  EmployerApplicationRequest,
  EmployerApplicationsRequest,
  HasAppliedRequest,
  MyApplicationRequest,
  MyApplicationsRequest,
  SetNotesRequest,
  SetStatusRequest,
} from '@app/contracts';
import { ApplicationsService } from './applications.service';

/** NATS handlers of the applications service: they only delegate. */
@Controller()
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Handles(APPLICATIONS_APPLY)
  apply(dto: ApplyRequest) {
    return this.applications.apply(dto);
  }

  @Handles(APPLICATIONS_MY_LIST)
  listMine(dto: MyApplicationsRequest) {
    return this.applications.listMine(dto);
  }

  @Handles(APPLICATIONS_MY_GET)
  getMine(dto: MyApplicationRequest) {
    return this.applications.getMine(dto.candidate_id, dto.application_id);
  }

  @Handles(APPLICATIONS_WITHDRAW)
  withdraw(dto: MyApplicationRequest) {
    return this.applications.withdraw(dto.candidate_id, dto.application_id);
  }

  @Handles(APPLICATIONS_EMPLOYER_LIST)
  listForEmployer(dto: EmployerApplicationsRequest) {
    return this.applications.listForEmployer(dto);
  }

  @Handles(APPLICATIONS_EMPLOYER_CANDIDATE)
  candidateOf(dto: EmployerApplicationRequest) {
    return this.applications.candidateOf(dto.employer_id, dto.application_id);
  }

  @Handles(APPLICATIONS_SET_STATUS)
  setStatus(dto: SetStatusRequest) {
    return this.applications.setStatus(dto);
  }

  @Handles(APPLICATIONS_SET_NOTES)
  setNotes(dto: SetNotesRequest) {
    return this.applications.setNotes(dto);
  }

  @Handles(APPLICATIONS_HAS_APPLIED)
  hasApplied(dto: HasAppliedRequest) {
    return this.applications.hasApplied(dto.candidate_id, dto.job_ids);
  }
}
