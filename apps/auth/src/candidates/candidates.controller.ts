import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  AUTH_CANDIDATE_PROFILE_GET,
  AUTH_CANDIDATE_PROFILE_UPDATE,
  AUTH_EDUCATION_DELETE,
  AUTH_EDUCATION_SAVE,
  AUTH_EXPERIENCE_DELETE,
  AUTH_EXPERIENCE_SAVE,
  AUTH_SKILL_DELETE,
  AUTH_SKILL_SAVE,
  CandidateProfileUpdateRequest,
  EducationSaveRequest,
  ExperienceSaveRequest,
  ProfileItemRequest,
  SkillSaveRequest,
  UserIdRequest,
} from '@app/contracts';
import { CandidatesService } from './candidates.service';

@Controller()
export class CandidatesController {
  constructor(private readonly candidates: CandidatesService) {}

  @MessagePattern(AUTH_CANDIDATE_PROFILE_GET.subject)
  profile(@Payload() req: UserIdRequest) {
    return this.candidates.profile(req.user_id);
  }

  @MessagePattern(AUTH_CANDIDATE_PROFILE_UPDATE.subject)
  updateProfile(@Payload() req: CandidateProfileUpdateRequest) {
    return this.candidates.updateProfile(req);
  }

  @MessagePattern(AUTH_EXPERIENCE_SAVE.subject)
  saveExperience(@Payload() req: ExperienceSaveRequest) {
    return this.candidates.saveExperience(req);
  }

  @MessagePattern(AUTH_EXPERIENCE_DELETE.subject)
  deleteExperience(@Payload() req: ProfileItemRequest) {
    return this.candidates.deleteItem('experiences', req.user_id, req.id);
  }

  @MessagePattern(AUTH_EDUCATION_SAVE.subject)
  saveEducation(@Payload() req: EducationSaveRequest) {
    return this.candidates.saveEducation(req);
  }

  @MessagePattern(AUTH_EDUCATION_DELETE.subject)
  deleteEducation(@Payload() req: ProfileItemRequest) {
    return this.candidates.deleteItem('educations', req.user_id, req.id);
  }

  @MessagePattern(AUTH_SKILL_SAVE.subject)
  saveSkill(@Payload() req: SkillSaveRequest) {
    return this.candidates.saveSkill(req);
  }

  @MessagePattern(AUTH_SKILL_DELETE.subject)
  deleteSkill(@Payload() req: ProfileItemRequest) {
    return this.candidates.deleteItem('skills', req.user_id, req.id);
  }
}
