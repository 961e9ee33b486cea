import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DASHBOARD_FIGURES, DashboardFiguresRequest } from '@app/contracts';
import { DashboardRepository } from './dashboard.repository';

/** The jobs part of GET /api/dashboard: no rule beyond the query, so the controller asks the repository directly. */
@Controller()
export class DashboardController {
  constructor(private readonly dashboard: DashboardRepository) {}

  @MessagePattern(DASHBOARD_FIGURES.jobs.subject)
  figures(@Payload() req: DashboardFiguresRequest) {
    return this.dashboard.figures(req.user_id, req.role);
  }
}
