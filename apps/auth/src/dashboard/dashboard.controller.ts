import { Controller } from '@nestjs/common';
import { CountsCache, Handles } from '@app/common';
import { AuthDashboardFigures, DASHBOARD_FIGURES, DashboardFiguresRequest } from '@app/contracts';
import { DashboardRepository } from './dashboard.repository';

/**
 * The auth part of GET /api/dashboard. An admin's figures count every user and are the same for every
 * admin: counted once per CountsCache TTL, not per dashboard.
 */
@Controller()
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly counts: CountsCache,
  ) {}

  @Handles(DASHBOARD_FIGURES.auth)
  figures(req: DashboardFiguresRequest): Promise<AuthDashboardFigures> {
    if (req.role === 'admin') return this.counts.get('dashboard:admin', () => this.dashboard.figures(req.user_id, 'admin'));
    return this.dashboard.figures(req.user_id, req.role);
  }
}
