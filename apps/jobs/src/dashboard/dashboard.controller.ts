import { Controller } from '@nestjs/common';
import { CountsCache, Handles } from '@app/common';
import { DASHBOARD_FIGURES, DashboardFiguresRequest, JobsDashboardFigures } from '@app/contracts';
import { DashboardRepository } from './dashboard.repository';

/** The jobs part of GET /api/dashboard: the user's figures, and the board's (shared by all users, cached). */
@Controller()
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardRepository,
    private readonly totals: CountsCache,
  ) {}

  @Handles(DASHBOARD_FIGURES.jobs)
  async figures(req: DashboardFiguresRequest): Promise<JobsDashboardFigures> {
    const admin = req.role === 'admin';
    const [own, board] = await Promise.all([
      // An admin's recent lines are the whole board's (the same for every admin): cached like the board.
      admin
        ? this.totals.get('dashboard:admin', () => this.dashboard.figures(req.user_id, 'admin'))
        : this.dashboard.figures(req.user_id, req.role),
      this.totals.get('dashboard:board', () => this.dashboard.board()),
    ]);
    return { ...own, ...board, total_jobs: admin ? board.total_jobs : 0, jobs_last_7_days: admin ? board.jobs_last_7_days : 0 };
  }
}
