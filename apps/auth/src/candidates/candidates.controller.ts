import { Controller } from '@nestjs/common';
import { Handles } from '@app/common';
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

  @Handles(AUTH_CANDIDATE_PROFILE_GET)
  profile(req: UserIdRequest) {
    return this.candidates.profile(req.user_id);
  }

  @Handles(AUTH_CANDIDATE_PROFILE_UPDATE)
  updateProfile(req: CandidateProfileUpdateRequest) {
    return this.candidates.updateProfile(req);
  }

  @Handles(AUTH_EXPERIENCE_SAVE)
  saveExperience(req: ExperienceSaveRequest) {
    return this.candidates.saveExperience(req);
  }

  @Handles(AUTH_EXPERIENCE_DELETE)
  deleteExperience(req: ProfileItemRequest) {
    return this.candidates.deleteItem('experiences', req.user_id, req.id);
  }

  @Handles(AUTH_EDUCATION_SAVE)
  saveEducation(req: EducationSaveRequest) {
    return this.candidates.saveEducation(req);
  }

  @Handles(AUTH_EDUCATION_DELETE)
  deleteEducation(req: ProfileItemRequest) {
    return this.candidates.deleteItem('educations', req.user_id, req.id);
  }

  @Handles(AUTH_SKILL_SAVE)
  saveSkill(req: SkillSaveRequest) {
    return this.candidates.saveSkill(req);
  }

  @Handles(AUTH_SKILL_DELETE)
  deleteSkill(req: ProfileItemRequest) {
    return this.candidates.deleteItem('skills', req.user_id, req.id);
  }
}
