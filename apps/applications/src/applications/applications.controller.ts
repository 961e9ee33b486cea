import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
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

  @MessagePattern(APPLICATIONS_APPLY.subject)
  apply(@Payload() dto: ApplyRequest) {
    return this.applications.apply(dto);
  }

  @MessagePattern(APPLICATIONS_MY_LIST.subject)
  listMine(@Payload() dto: MyApplicationsRequest) {
    return this.applications.listMine(dto);
  }

  @MessagePattern(APPLICATIONS_MY_GET.subject)
  getMine(@Payload() dto: MyApplicationRequest) {
    return this.applications.getMine(dto.candidate_id, dto.application_id);
  }

  @MessagePattern(APPLICATIONS_WITHDRAW.subject)
  withdraw(@Payload() dto: MyApplicationRequest) {
    return this.applications.withdraw(dto.candidate_id, dto.application_id);
  }

  @MessagePattern(APPLICATIONS_EMPLOYER_LIST.subject)
  listForEmployer(@Payload() dto: EmployerApplicationsRequest) {
    return this.applications.listForEmployer(dto);
  }

  @MessagePattern(APPLICATIONS_EMPLOYER_CANDIDATE.subject)
  candidateOf(@Payload() dto: EmployerApplicationRequest) {
    return this.applications.candidateOf(dto.employer_id, dto.application_id);
  }

  @MessagePattern(APPLICATIONS_SET_STATUS.subject)
  setStatus(@Payload() dto: SetStatusRequest) {
    return this.applications.setStatus(dto);
  }

  @MessagePattern(APPLICATIONS_SET_NOTES.subject)
  setNotes(@Payload() dto: SetNotesRequest) {
    return this.applications.setNotes(dto);
  }

  @MessagePattern(APPLICATIONS_HAS_APPLIED.subject)
  hasApplied(@Payload() dto: HasAppliedRequest) {
    return this.applications.hasApplied(dto.candidate_id, dto.job_ids);
  }
}
