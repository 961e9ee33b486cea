import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../security';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  @Get()
  @ApiOperation({ summary: "The signed-in user's dashboard: stats by role, recent activity, profile completion (0..100)" })
  get(@CurrentUser() user: AuthUser) {
    return this.dashboard.dashboard(user.id, user.role, user.locale);
  }

  @Get('activities')
  @ApiOperation({ summary: 'The recent activity lines of the dashboard, newest first' })
  activities(@CurrentUser() user: AuthUser) {
    return this.dashboard.activities(user.id, user.role, user.locale);
  }
}
