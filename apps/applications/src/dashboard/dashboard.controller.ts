import { Controller } from '@nestjs/common';
import { CountsCache, Handles } from '@app/common';
import { ApplicationsDashboardFigures, DASHBOARD_FIGURES, DashboardFiguresRequest } from '@app/contracts';
import { DashboardRepository, employerDashboardKey } from './dashboard.repository';

/**
 * The applications part of GET /api/dashboard. A candidate's figures are its own rows (an index
 * range, a few dozen at most); an employer's are cached (employerDashboardKey); an admin's count
 * every application (1M at seed scale), the same for every admin, so they are counted once per
 * CountsCache TTL.
 */
@Controller()
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly counts: CountsCache,
  ) {}

  @Handles(DASHBOARD_FIGURES.applications)
  figures(req: DashboardFiguresRequest): Promise<ApplicationsDashboardFigures> {
    if (req.role === 'admin') return this.counts.get('dashboard:admin', () => this.dashboard.figures(req.user_id, 'admin'));
    if (req.role === 'employer')
      return this.counts.get(employerDashboardKey(req.user_id), () => this.dashboard.figures(req.user_id, 'employer'));
    return this.dashboard.figures(req.user_id, req.role);
  }
}
